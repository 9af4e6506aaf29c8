"""all-MiniLM-L6-v2 on TensorFlow, in graph mode: text -> 384-d unit vector.

Mean pooling over the tokens and L2 normalisation, as the model was trained
(sentence-transformers' modules.json: Transformer -> Pooling(mean) -> Normalize). The
fast tokenizer reads tokenizer.json; TFBertModel reads the safetensors weights without
torch. Nothing is downloaded: the folder is checked against encoder.sha256 first.

One process loads it once (`shared_encoder`), and vectors are cached by text, so the
safety check and the NLU featurizer share one forward pass per message.
"""

import os
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import List, Sequence

import numpy as np

from assistant.encoder.files import ENCODER_DIR, EncoderError, verify

DIMENSION = 384
# the model was trained on at most 256 word pieces (sentence_bert_config.json)
MAX_TOKENS = 256
CACHE_SIZE = 20_000


class SentenceEncoder:
    def __init__(self, folder: Path = ENCODER_DIR, batch_size: int = 64) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import tensorflow as tf
        from tokenizers import Tokenizer
        from transformers import TFBertModel
        from transformers.utils import logging as hf_logging

        folder = verify(folder)
        hf_logging.set_verbosity_error()  # the "all weights were used" notice is noise here
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        try:
            self.model = TFBertModel.from_pretrained(str(folder), local_files_only=True)
        except (OSError, ValueError) as exc:
            raise EncoderError(f"cannot load the encoder from {folder}: {exc}") from exc
        spec = tf.TensorSpec([None, None], tf.int32)

        @tf.function(input_signature=[spec, spec], reduce_retracing=True)
        def embed(input_ids, attention_mask):
            hidden = self.model(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=tf.zeros_like(input_ids),
                training=False,
            ).last_hidden_state
            mask = tf.cast(attention_mask, hidden.dtype)[:, :, None]
            mean = tf.reduce_sum(hidden * mask, axis=1) / tf.maximum(tf.reduce_sum(mask, axis=1), 1e-9)
            return tf.math.l2_normalize(mean, axis=1)

        self._embed = embed
        self._tf = tf
        self._cache: "OrderedDict[str, np.ndarray]" = OrderedDict()
        self._lock = threading.Lock()

    def _forward(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int32)
        mask = np.zeros((len(texts), width), dtype=np.int32)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        return self._embed(self._tf.constant(ids), self._tf.constant(mask)).numpy()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (rows in order); texts seen before come from the cache."""
        texts = [t if t.strip() else "." for t in texts]
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            # similar lengths together: less padding per batch
            missing.sort(key=len)
            for start in range(0, len(missing), self.batch_size):
                batch = missing[start : start + self.batch_size]
                vectors = self._forward(batch)
                with self._lock:
                    for text, vector in zip(batch, vectors):
                        self._cache[text] = vector
                        if len(self._cache) > CACHE_SIZE:
                            self._cache.popitem(last=False)
        with self._lock:
            rows: List[np.ndarray] = []
            for t in texts:
                vector = self._cache.get(t)
                if vector is None:  # evicted meanwhile by a very large call
                    vector = self._forward([t])[0]
                rows.append(vector)
        return np.stack(rows) if rows else np.zeros((0, DIMENSION), dtype=np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


@lru_cache(maxsize=None)
def shared_encoder(folder: str = str(ENCODER_DIR)) -> SentenceEncoder:
    """The process's one encoder for that folder."""
    return SentenceEncoder(Path(folder))
