"""The ``wayfinder`` command.

    wayfinder demo [--size small|county|large] [--port 8000] [--no-serve]
    wayfinder serve [--port 8000] [--workers 2]
    wayfinder audit verify
    wayfinder clocks [FILE]         (the statutory clocks of one case as JSON; docs/reference/clocks.md)
    wayfinder totp USERNAME         (prints the current sign-in code of a demo staff account)
    wayfinder manage <django management command> [...]
"""

import argparse
import os
import sys


def _django(settings_module: str = "config.settings.local"):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def _manage(argv: list[str]) -> None:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wayfinder manage", *argv])


def _serve(port: int, workers: int) -> None:
    _django()
    production = os.environ["DJANGO_SETTINGS_MODULE"].endswith("production")
    if production:
        _manage(["collectstatic", "--noinput", "--verbosity", "0"])
    wsgi = "config.wsgi:application" if production else "config.wsgi_local:application"
    bind = f"127.0.0.1:{port}"
    print(f"\nWayfinder is running at http://localhost:{port}/  (press Ctrl+C to stop)\n", flush=True)
    os.execvp(  # noqa: S606 - replace this process with the WSGI server
        sys.executable,
        [sys.executable, "-m", "gunicorn", wsgi,
         "--bind", bind, "--workers", str(workers), "--access-logfile", "-", "--timeout", "120"],
    )


def _clocks(path: str | None) -> int:
    """Print the clocks of one case (``docs/reference/clocks.md``); exit 2 with a message on bad input."""
    import json

    from wayfinder.statutory.clock import CaseError, report_as_json
    from wayfinder.statutory.processes import evaluate_input

    try:
        if path in (None, "-"):
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read()
    except OSError as exc:
        print(f"wayfinder clocks: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        print(f"wayfinder clocks: the input is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
              file=sys.stderr)
        return 2
    try:
        report = evaluate_input(data)
    except CaseError as exc:
        print(f"wayfinder clocks: {exc}", file=sys.stderr)
        return 2
    print(report_as_json(report))
    return 0


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["manage"]:
        _manage(argv[1:])
        return
    parser = argparse.ArgumentParser(prog="wayfinder", description="Run Wayfinder, the SEND system platform.")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="build the synthetic demo county and serve it")
    demo.add_argument("--size", choices=["small", "county", "large"], default="county")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="build the county, print the accounts, then stop")
    demo.add_argument("--rebuild", action="store_true", help="throw away the existing demo database first")
    serve = sub.add_parser("serve", help="serve the application with gunicorn")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    audit = sub.add_parser("audit", help="audit trail tools")
    audit.add_argument("action", choices=["verify"])
    clocks = sub.add_parser("clocks", help="compute the statutory clocks of one case given as JSON")
    clocks.add_argument("file", nargs="?", help="the case as JSON (default: standard input)")
    totp = sub.add_parser("totp", help="print the current two-factor code for a demo staff account")
    totp.add_argument("username")
    sub.add_parser("manage", help="run a Django management command")
    args = parser.parse_args(argv)

    if args.command == "demo":
        demo_argv = ["demo", "--size", args.size] + (["--rebuild"] if args.rebuild else [])
        _manage(demo_argv)
        if not args.no_serve:
            _serve(args.port, 2)
    elif args.command == "serve":
        _serve(args.port, args.workers)
    elif args.command == "clocks":
        sys.exit(_clocks(args.file))
    elif args.command == "audit":
        _manage(["audit_verify"])
    elif args.command == "totp":
        _manage(["totp_code", args.username])
