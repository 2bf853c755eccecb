#!/usr/bin/env python3
"""Read a workbook exported by Minyi the way a recipient's software would, and print it as JSON.

Usage: python3 scripts/e2e/read_xlsx.py FILE.xlsx

Prints {"sheets": {name: [[cell, ...], ...]}, "types": {name: [type, ...]}}: every row
including the header, datetimes as ISO strings, numbers as numbers, and for each column
of the first data row the Python type openpyxl gave it (str/int/float/datetime/NoneType),
so an end-to-end test can check that dates are dates and numbers are numbers rather than
text. Needs openpyxl (pip install openpyxl).
"""
import datetime
import json
import sys

import openpyxl


def plain(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return value


def read_workbook(path):
    """{"sheets": {name: rows}, "types": {name: first data row's type names}}, as printed."""
    workbook = openpyxl.load_workbook(path, data_only=True)
    sheets, types = {}, {}
    for sheet in workbook.worksheets:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        sheets[sheet.title] = [[plain(value) for value in row] for row in rows]
        types[sheet.title] = [type(value).__name__ for value in rows[1]] if len(rows) > 1 else []
    return {"sheets": sheets, "types": types}


def main(path):
    json.dump(read_workbook(path), sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
