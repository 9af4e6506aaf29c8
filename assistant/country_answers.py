"""Answers that fit the clinic's country.

An answer that gives one country's prices, cover, rules or registers has one variation per country
it covers, marked `metadata: {country: GB}`, and one unmarked variation for every other country.
The clinic's country (settings/clinic.yml) picks the variations when the response generator is
built and again when the settings change (assistant/nlg.py), so a UK clinic never shows US prices or Medicare, and a US clinic never NHS prices or
UK registers. `make check-content` checks that each marked variation names no other country's facts.
"""

from typing import Any, Dict, List, Optional

COUNTRY_KEY = "country"


def country_of(variation: Dict[str, Any]) -> Optional[str]:
    metadata = variation.get("metadata")
    return metadata.get(COUNTRY_KEY) if isinstance(metadata, dict) else None


def without_country(variation: Dict[str, Any]) -> Dict[str, Any]:
    """The variation as it is sent: the country mark is for choosing, not for the channel."""
    if country_of(variation) is None:
        return variation
    metadata = {k: v for k, v in variation["metadata"].items() if k != COUNTRY_KEY}
    clean = {k: v for k, v in variation.items() if k != "metadata"}
    return {**clean, "metadata": metadata} if metadata else clean


def for_country(responses: Dict[str, List[Dict[str, Any]]], country: str) -> Dict[str, List[Dict[str, Any]]]:
    """Each response's variations for `country`: its own, or else the unmarked ones."""
    chosen = {}
    for name, variations in responses.items():
        if not any(country_of(v) for v in variations):
            chosen[name] = variations
            continue
        own = [v for v in variations if country_of(v) == country]
        chosen[name] = [without_country(v) for v in (own or [v for v in variations if country_of(v) is None])]
    return chosen
