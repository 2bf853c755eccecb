import App
await MinyiMain.run()
