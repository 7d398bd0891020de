"""The engine is a plain package: importing and running it must not pull in Django."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def test_no_module_of_the_engine_imports_django():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(name.split(".")[0] == "django" for name in names), path


def test_running_the_engine_loads_no_django_module():
    script = (
        "import datetime, sys\n"
        "from anshim.eligibility import evaluate_population\n"
        "from anshim.eligibility.examples import example_rules\n"
        "from anshim.eligibility.population import generate_population\n"
        "out = evaluate_population(example_rules(), generate_population(1000), datetime.date(2025, 1, 1))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'), len(out))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=PACKAGE.parents[1]
    )
    assert done.stdout.strip() == "[] 8"
