"""All settings in one pydantic-settings tree.

Precedence, highest first: explicit arguments (CLI flags), environment
variables (``ATTRIBUTION_`` prefix, ``__`` for nesting, plus the short
``ATTRIBUTION_DB`` and stanza's own ``STANZA_RESOURCES_DIR``), the TOML file
``config.toml`` in the user config directory, then the defaults below.
This module does not import Textual or stanza.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_config_dir, user_data_dir
from pydantic import BaseModel, Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .errors import ConfigError

APP_NAME = "attribution"


def default_db_path() -> str:
    return str(Path(user_data_dir(APP_NAME, appauthor=False)) / "tracker.json")


def config_file() -> Path:
    return Path(os.environ.get("ATTRIBUTION_CONFIG") or Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml")


class NlpSettings(BaseModel):
    model_dir: str | None = None
    """stanza resources directory; None means STANZA_RESOURCES_DIR, else stanza's default."""
    use_stanza: bool = True
    """False forces the model-free fallback annotator."""
    prefilter: bool = True
    """Parse only sentences that contain a cue word (much faster, same extractions)."""


class StoreSettings(BaseModel):
    path: str = Field(default_factory=default_db_path)
    """A TinyDB file path or a postgresql:// URL."""


class TuiSettings(BaseModel):
    rtl: Literal["terminal", "reorder"] = "terminal"
    """terminal: the terminal does bidi (VTE, Konsole); reorder: the app reorders each line."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """binding id -> keys, e.g. {"review-accept": "y"}."""
    reviewer: str = Field(default_factory=lambda: os.environ.get("USER") or "reviewer")
    """Name written into review events."""


class _TomlSource(PydanticBaseSettingsSource):
    def get_field_value(self, field, field_name):  # pragma: no cover - required by the ABC
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = config_file()
        if not path.is_file():
            return {}
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"cannot read config file {path}: {e}") from e


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ATTRIBUTION_", env_nested_delimiter="__", extra="ignore")

    nlp: NlpSettings = Field(default_factory=NlpSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    tui: TuiSettings = Field(default_factory=TuiSettings)

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return (init_settings, env_settings, _TomlSource(settings_cls), file_secret_settings)


def load_settings(db: str | None = None, models: str | None = None, no_stanza: bool = False) -> Settings:
    """Settings with the CLI's overrides applied on top.

    Raises:
        ConfigError: an environment variable or the config file has a bad value.
    """
    try:
        s = Settings()
    except ValidationError as e:
        raise ConfigError(f"invalid setting: {e.errors()[0]['loc']}: {e.errors()[0]['msg']}") from e
    env_db = os.environ.get("ATTRIBUTION_DB")
    if db:
        s.store.path = db
    elif env_db:
        s.store.path = env_db
    if models:
        s.nlp.model_dir = models
    if no_stanza:
        s.nlp.use_stanza = False
    return s
