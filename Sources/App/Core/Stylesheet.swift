/// One style for the whole app: readable on a phone, printable, no JavaScript.
enum Stylesheet {
    static let css = """
    *{box-sizing:border-box}
    body{margin:0;font:16px/1.5 system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1b1f23;background:#f6f7f9}
    .bar{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;padding:.6rem 1rem;background:#0b3d91;color:#fff}
    .bar a,.bar button{color:#fff;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer}
    .bar .brand{font-weight:700;margin-right:auto}
    .bar .who{opacity:.85;font-size:.9em}
    main{max-width:60rem;margin:0 auto;padding:1rem}
    h1{font-size:1.35rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #d0d7de}
    label{display:block;margin:.5rem 0 .2rem;font-weight:600}
    label.check{display:inline-flex;gap:.3rem;font-weight:400}
    input,select,textarea{width:100%;padding:.45rem;font:inherit;border:1px solid #8c959f;border-radius:4px;background:#fff}
    input[type=checkbox]{width:auto}
    button{margin-top:.6rem;padding:.5rem 1rem;font:inherit;border:0;border-radius:4px;background:#0b3d91;color:#fff;cursor:pointer}
    form.inline{display:inline}form.inline button{margin:0;padding:0}
    button.link{background:none;color:#0b3d91;text-decoration:underline;font-size:.85em;margin-left:.4rem}
    .notice{padding:.6rem;border-left:4px solid #1a7f37;background:#dafbe1}
    .filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.5rem;align-items:end}
    table{width:100%;border-collapse:collapse;background:#fff}
    th,td{padding:.4rem;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top}
    tr.overdue td{background:#fff4e5}
    .flag{color:#b35900;font-weight:700}
    .error{padding:.6rem;border-left:4px solid #cf222e;background:#ffebe9}
    dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
    dl.facts dt{font-weight:600}dl.facts dd{margin:0}
    .actions{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
    .actions form{padding:.75rem;background:#fff;border:1px solid #d0d7de;border-radius:6px}
    ol#timeline li{margin:.3rem 0}ol#timeline small{color:#57606a}
    ul.tiles{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem}
    ul.tiles a{display:block;padding:1rem;background:#fff;border:1px solid #d0d7de;border-radius:6px;text-decoration:none;color:#0b3d91;font-weight:600;text-align:center}
    .code{font:700 1.6rem/1.2 ui-monospace,monospace;letter-spacing:.1em;padding:.8rem;background:#fff;border:2px dashed #0b3d91;text-align:center}
    section.entry{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.6rem .9rem;margin:.6rem 0}
    section.entry h3{margin:.2rem 0;font-size:1rem}
    @media print{.bar,.actions,form{display:none}}
    """
}
