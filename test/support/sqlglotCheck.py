"""Parses each statement of a JSON array (read from stdin) with sqlglot's Snowflake dialect.

Prints a JSON array of {"index", "error"}: one entry per statement that does not parse as exactly
one Snowflake statement. Exit status 3 when sqlglot is missing, so the caller can say how to get it.
"""
import json
import re
import sys

try:
    import sqlglot
    from sqlglot import ErrorLevel
except ImportError:
    sys.stderr.write("sqlglot is not installed for this python3 (Debian: apt-get install -y python3-sqlglot)\n")
    sys.exit(3)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def check(sql):
    try:
        expressions = [e for e in sqlglot.parse(sql, read="snowflake", error_level=ErrorLevel.RAISE) if e is not None]
    except Exception as error:  # sqlglot raises ParseError and TokenError, both with a useful message
        return "\n".join(line.rstrip() for line in ANSI.sub("", str(error)).strip().splitlines())
    if not expressions:
        return "empty statement"
    if len(expressions) > 1:
        return "holds %d statements; Snowflake runs one per request" % len(expressions)
    return None


def main():
    statements = json.load(sys.stdin)
    failures = []
    for index, sql in enumerate(statements):
        error = check(sql)
        if error is not None:
            failures.append({"index": index, "error": error})
    json.dump({"sqlglot": sqlglot.__version__, "failures": failures}, sys.stdout)


main()
