"""environment.yml (conda / Binder) and pyproject.toml list the same dependencies."""

import re
import sys

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from opsbook.core.paths import PROJECT_ROOT


def normalise(requirement: str) -> tuple[str, str]:
    requirement = requirement.split(";")[0].split("#")[0]  # drop markers and comments
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


# the hub's own tools (make test-hub installs them with pip) stay out of the conda / Binder
# environment: Binder brings its own JupyterHub, and two would clash
NOT_IN_ENVIRONMENT = {"hub"}


def pyproject_requirements() -> set[tuple[str, str]]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    groups = project["optional-dependencies"]
    listed = project["dependencies"] + [
        req for name, group in groups.items() if name not in NOT_IN_ENVIRONMENT for req in group
    ]
    return {normalise(req) for req in listed}


def environment_requirements() -> set[tuple[str, str]]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text("utf-8"))
    listed = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed += [d for d in pip if not d.startswith("-")]  # packages conda-forge does not have
    found = {normalise(d) for d in listed}
    return {(name, spec) for name, spec in found if name not in {"python", "pip"}}


def test_same_packages_and_versions():
    missing_in_env = pyproject_requirements() - environment_requirements()
    missing_in_pyproject = environment_requirements() - pyproject_requirements()
    assert not missing_in_env, f"add to environment.yml: {sorted(missing_in_env)}"
    assert not missing_in_pyproject, f"add to pyproject.toml: {sorted(missing_in_pyproject)}"


def test_environment_installs_the_library():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text("utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip


def test_python_floor_matches():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    env = (PROJECT_ROOT / "environment.yml").read_text("utf-8")
    floor = project["requires-python"].removeprefix(">=")
    assert f"python>={floor}" in env
