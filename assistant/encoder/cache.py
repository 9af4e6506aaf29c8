"""Embeddings kept on disk by text, so retraining after a small data change encodes only new lines."""

import hashlib
from pathlib import Path
from typing import Dict, Sequence

import numpy as np

from assistant.encoder.files import ROOT

# one file for every training corpus (safety corpus, NLU examples): lines in both are encoded once
DEFAULT_FILE = ROOT / "build" / "encoder_cache" / "embeddings.npz"


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.vectors: Dict[str, np.ndarray] = {}
        if self.path.is_file():
            try:
                with np.load(self.path) as data:
                    self.vectors = dict(zip(data["keys"].tolist(), data["vectors"]))
            except (OSError, ValueError, KeyError):
                self.vectors = {}  # a damaged cache is only lost time: everything is encoded again

    def encode(self, encoder, texts: Sequence[str]) -> np.ndarray:
        """Rows for the texts, encoding only those not cached yet; saves the cache when it grew."""
        missing = list(dict.fromkeys(t for t in texts if _key(t) not in self.vectors))
        if missing:
            for text, vector in zip(missing, encoder.encode(missing)):
                self.vectors[_key(text)] = vector
            self.save()
        return np.stack([self.vectors[_key(t)] for t in texts]) if texts else np.zeros((0, 0), dtype=np.float32)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(sorted(self.vectors))
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vectors=np.stack([self.vectors[k] for k in keys.tolist()]))
        tmp.replace(self.path)
