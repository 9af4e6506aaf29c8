"""The report's own pictures (matplotlib, Agg backend), returned as PNG data URIs."""

import io
from typing import List

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from staff_tools.report.files import Picture, png_data_uri  # noqa: E402
from staff_tools.report.nlu_results import TopicScore  # noqa: E402

COLOURS = {"precision": "#4c72b0", "recall": "#dd8452", "F1": "#55a868"}


def topic_scores_chart(scores: List[TopicScore], title: str) -> Picture:
    """Precision, recall and F1 per topic, the weakest F1 at the top."""
    if not scores:
        return Picture(title, note="No per-topic scores to draw.")
    ordered = sorted(scores, key=lambda s: (s.f1, s.label))
    height = 0.28
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.42 * len(ordered)))
    try:
        for offset, (name, values) in enumerate(
            (
                ("precision", [s.precision for s in ordered]),
                ("recall", [s.recall for s in ordered]),
                ("F1", [s.f1 for s in ordered]),
            )
        ):
            ax.barh(
                [i + (offset - 1) * height for i in range(len(ordered))],
                values,
                height,
                label=name,
                color=COLOURS[name],
            )
        ax.set_yticks(range(len(ordered)))
        ax.set_yticklabels([s.label for s in ordered])
        ax.set_xlim(0, 1.0)
        ax.set_xlabel("score (Rasa's report)")
        ax.grid(axis="x", alpha=0.3)
        ax.invert_yaxis()  # weakest at the top
        fig.legend(loc="upper right", ncol=3, frameon=False)
        fig.tight_layout(rect=(0, 0, 1, 1 - 0.45 / fig.get_figheight()))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=90)
    finally:
        plt.close(fig)
    return Picture(title, png_data_uri(buffer.getvalue()))
