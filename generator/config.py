"""The site's settings: one YAML file, declared once here, validated all at once.

Every option is a typed field with its default. Unknown keys and wrong types are reported together,
each naming the key, what was expected and what was received.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import DigestError
from .yamlfile import read_text, read_yaml

SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$")
"""A well-formed BCP 47 tag of the kinds a site uses: language, script, region, variants (zh-Hant-TW)."""
HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                  r"(?::[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?$")
URL_PATH = re.compile(r"^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$")
"""The characters of a URL path (RFC 3986) less none: no space, quote, angle bracket or control."""
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _safe_name(value: str) -> str:
    """A name that becomes a URL folder: never a path that could leave the site."""
    if not SAFE_ID.fullmatch(value):
        raise ValueError(f"must be lowercase ASCII letters, digits and '-', got {value!r}")
    return value


SafeName = Annotated[str, AfterValidator(_safe_name)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class VariantConfig(_Strict):
    """One script variant of the whole site (Lektor calls it an alternative)."""

    lang: str = Field(description="BCP 47 tag for <html lang> and hreflang: zh-Hans, zh-Hant, zh-HK")

    @field_validator("lang")
    @classmethod
    def _language_tag(cls, value: str) -> str:
        if not LANGUAGE_TAG.fullmatch(value):
            raise ValueError(f"must be a BCP 47 language tag such as zh-Hans or zh-HK, got {value!r}")
        return value
    prefix: SafeName = Field(description="URL folder of this variant, ASCII: zh-hans")
    label: str = Field(description="name shown in the variant switch, in the source script")
    opencc: str | None = Field(default=None, description="OpenCC config, s2tw or s2hk; none for the source")
    quotes: Literal["corner", "curly"] | None = Field(
        default=None, description="quotation marks: corner (「」『』, the default of a Traditional variant) "
                                  "or curly (“”‘’, kept as the source writes them)")

    @field_validator("opencc")
    @classmethod
    def _known_opencc(cls, value: str | None) -> str | None:
        if value == "s2twp":
            raise ValueError("s2twp rewrites mainland vocabulary (项目→專案); use s2tw or s2hk")
        if value is not None and value not in {"s2t", "s2tw", "s2hk"}:
            raise ValueError(f"expected one of s2t, s2tw, s2hk, got {value!r}")
        return value


SOURCE_FIELDS = {"yyyy": "2022", "mm": "01", "dd": "17", "page": "05", "page_number": "5"}
"""What a source's page address may hold, with an example value of each."""


class SourceConfig(_Strict):
    """The publication whose pages the digest takes its articles from: named on every article
    page and in its structured data, linked to the paper's own page when the address is known."""

    name: str = Field(description="the paper's name, without 《》: 工人日报")
    publisher: str = Field(default="", description="who publishes it: 工人日报社")
    url: str = Field(default="", description="address of a page of the e-paper: {yyyy} {mm} {dd} {page} "
                                             "(page number in two digits) {page_number}")

    @field_validator("url")
    @classmethod
    def _page_address(cls, value: str) -> str:
        if not value:
            return value
        try:
            example = value.format(**SOURCE_FIELDS)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"may hold only {', '.join('{' + k + '}' for k in SOURCE_FIELDS)}: {exc}") from None
        if not re.fullmatch(r"https?://[^\s\"<>]+", example):
            raise ValueError(f"must be an http(s) address, got {value!r}")
        return value


class TopicConfig(_Strict):
    """A theme (主题) articles are grouped by, with the keywords ingest uses to assign it."""

    id: SafeName
    name: str
    description: str = ""
    keywords: dict[str, float] = Field(default_factory=dict)


class SiteConfig(_Strict):
    """Everything a site can set. The file is `site.yaml` at the project root."""

    title: str
    description: str = ""
    base_url: str = Field(description="absolute URL the site is served from, ending in /")
    publisher: str = ""
    source: SourceConfig | None = Field(default=None, description="the publication the articles come from")
    site_id: str = Field(default="digest", description="identity in feed GUIDs; never change it once published")
    content_dir: str = "content"
    output_dir: str = "site"
    theme: str = "default"
    variants: Annotated[list[VariantConfig], Field(min_length=1)]
    topics: Annotated[list[TopicConfig], Field(min_length=1)]
    fallback_topic: str = "other"
    columns: list[str] = Field(default_factory=lambda: ["新闻特写", "工会缩影", "图片新闻", "微评"])
    home_issues: Annotated[int, Field(ge=1)] = 5
    page_size: Annotated[int, Field(ge=1)] = 20
    feed_size: Annotated[int, Field(ge=1)] = 50

    @field_validator("base_url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        return checked_base_url(value)

    @model_validator(mode="after")
    def _consistent(self) -> "SiteConfig":
        if self.variants[0].opencc is not None:
            raise ValueError("the first variant is the source text and takes no opencc conversion")
        for what, values in (("variant prefix", [v.prefix for v in self.variants]),
                             ("topic id", [t.id for t in self.topics])):
            doubles = sorted({v for v in values if values.count(v) > 1})
            if doubles:
                raise ValueError(f"each {what} must be unique, repeated: {doubles}")
        if self.fallback_topic not in {t.id for t in self.topics}:
            raise ValueError(f"fallback_topic {self.fallback_topic!r} is not a topic id")
        return self

    @property
    def base_path(self) -> str:
        """The path part of base_url: '/' or '/digest/'."""
        return urlsplit(self.base_url).path or "/"

    @property
    def origin(self) -> str:
        """scheme://host of base_url, to which base_path and page paths are appended."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def with_base_url(self, base_url: str) -> "SiteConfig":
        try:
            checked_base_url(base_url)
        except ValueError as exc:
            raise DigestError(f"--base-url {exc}", hint="give the address the site is served from, "
                              "e.g. https://user.github.io/repo/") from None
        return SiteConfig.model_validate({**self.model_dump(), "base_url": base_url})


def checked_base_url(value: str) -> str:
    """value as an absolute http(s) URL of a folder, ending in /: no query, fragment, user
    name, space, quote or control character (it is written into pages, feeds, sitemaps and
    robots.txt). ValueError otherwise."""
    if CONTROL.search(value) or any(character.isspace() for character in value):
        raise ValueError(f"must not hold spaces, line breaks or control characters, got {value!r}")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        raise ValueError(f"must be an absolute http(s) URL, got {value!r}") from None
    if parts.scheme not in ("http", "https") or not value.startswith(parts.scheme + "://") \
            or not HOST.fullmatch(parts.netloc):
        raise ValueError(f"must be an absolute http(s) URL with a host name, got {value!r}")
    if parts.query or parts.fragment or "?" in value or "#" in value:
        raise ValueError(f"must not have a query (?) or fragment (#), got {value!r}")
    if not URL_PATH.fullmatch(parts.path):
        raise ValueError(f"must not hold spaces, quotes, angle brackets or control characters, got {value!r}")
    return value if value.endswith("/") else value + "/"


def _control_characters(data, where: str = "") -> list[str]:
    """The keys of data (settings as read) whose text holds a control character."""
    if isinstance(data, str):
        return [where or "(top level)"] if CONTROL.search(data.replace("\n", "").replace("\t", "")) \
            or ("\n" in data.strip() and not where.endswith("description")) else []
    if isinstance(data, dict):
        return [k for key, value in data.items() for k in _control_characters(value, f"{where}.{key}".lstrip("."))]
    if isinstance(data, list):
        return [k for index, value in enumerate(data) for k in _control_characters(value, f"{where}.{index}")]
    return []


def _describe(error: dict) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key (received {error['input']!r})"
    if error["type"] == "missing":
        return f"{key}: required key is missing"
    return f"{key}: {error['msg']} (received {error['input']!r})"


def parse_config(text: str, path: Path) -> SiteConfig:
    data = read_yaml(text, path)
    if not isinstance(data, dict):
        raise DigestError("the settings file must be a YAML mapping of keys", path, 1)
    controls = _control_characters(data)
    if controls:
        raise DigestError(f"control characters or line breaks in the text of {', '.join(controls)}", path,
                          hint="write each setting on one line, without control characters")
    try:
        return SiteConfig.model_validate(data)
    except ValidationError as exc:
        problems = "\n  ".join(_describe(e) for e in exc.errors(include_url=False))
        raise DigestError(f"{exc.error_count()} problem(s) in the settings:\n  {problems}", path) from None


def load_config(path: Path) -> SiteConfig:
    if not path.is_file():
        raise DigestError("settings file not found", path, hint="create site.yaml or pass --config")
    return parse_config(read_text(path, "settings file"), path)
