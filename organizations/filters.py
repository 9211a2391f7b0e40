"""The words the document and model lists' filters put in URLs.

A reader (and an editor pasting a link into an article) sees ``?loai=nghi-quyet`` or
``?cap=trung-uong``, not the codes stored in the database (``nghi_quyet``, ``central``).
The codes still answer: the list redirects them to the word (danvan.querystring).
"""

from __future__ import annotations

from django.db.models import TextChoices

from .models import Document, Exemplar, Level

# Stored code → URL word, for every choice a public filter offers.
_WORDS: dict[type[TextChoices], dict[str, str]] = {
    Document.Kind: {value: value.replace("_", "-") for value in Document.Kind.values},
    Exemplar.Kind: {
        Exemplar.Kind.COLLECTIVE: "tap-the",
        Exemplar.Kind.INDIVIDUAL: "ca-nhan",
        Exemplar.Kind.MODEL: "mo-hinh",
    },
    Exemplar.Field: {
        Exemplar.Field.ECONOMY: "kinh-te",
        Exemplar.Field.CULTURE_SOCIETY: "van-hoa-xa-hoi",
        Exemplar.Field.HEALTH: "y-te",
        Exemplar.Field.EDUCATION: "giao-duc",
        Exemplar.Field.DEFENCE_SECURITY: "quoc-phong-an-ninh",
        Exemplar.Field.PARTY_BUILDING: "xay-dung-dang",
        Exemplar.Field.ADMINISTRATION: "cai-cach-hanh-chinh",
        Exemplar.Field.NEW_RURAL: "nong-thon-moi",
        Exemplar.Field.ENVIRONMENT: "moi-truong",
        Exemplar.Field.OTHER: "khac",
    },
    Level: {
        Level.CENTRAL: "trung-uong",
        Level.PROVINCE: "tinh",
        Level.DISTRICT: "huyen",
        Level.COMMUNE: "xa",
        Level.GRASSROOTS: "co-so",
        Level.ANY: "nhieu-cap",
    },
}


class ChoiceWords:
    """One filter's codes and words, both ways."""

    def __init__(self, choices: type[TextChoices]):
        words = _WORDS[choices]
        self.choices = choices
        self.word_of = {value: words.get(value, value) for value in choices.values}
        self.code_of = {word: value for value, word in self.word_of.items()}

    def options(self) -> list[tuple[str, str]]:
        """(URL word, label) pairs for the filter's <select>."""
        return [(self.word_of[value], label) for value, label in self.choices.choices]


def url_word(value: str) -> str:
    """The URL word for a stored code of any filtered choice (for links in templates)."""
    for words in _WORDS.values():
        if value in words:
            return words[value]
    return value
