"""The site's settings, read once: mkdocs.yml's `service-guide` options (with the command line's
overrides), checked, as one object. The MkDocs plugin, the CLI and `publish-check` all use it, so a
setting means the same wherever it is read."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.catalogue.elements import FORM_MAX_MB
from generator.website.corrections import Corrections, CorrectionsError, Hotline, corrections, hotline
from generator.website.render import RenderOptions
from generator.website.site_identity import SiteIdentity, SiteIdentityError, site_identity

FULL_TEXT_LIMIT = 500  # search_full_text "auto": steps and legal text indexed up to this many services


class SettingsError(ValueError):
    """A setting that cannot be used, said in Chinese with where it is set."""


@dataclass(frozen=True)
class Settings:
    base_dir: Path = Path(".")                      # the folder of mkdocs.yml: relative paths start here
    site_url: str = ""
    site_name: str = "办事指南"
    content_dir: Path = Path("content")
    templates_dir: Path = Path("overrides/pages")
    offices: tuple[str, ...] = ()                   # preview only these offices of a large catalogue
    search_full_text: str = "auto"                  # auto, full or compact
    corrections: Corrections = field(default_factory=Corrections)
    hotline: Hotline = field(default_factory=Hotline)
    site: SiteIdentity = field(default_factory=SiteIdentity)
    max_file_mb: float = FORM_MAX_MB
    second_reviewer: bool = False                   # the desk: a change is approved by someone else
    dev_addr: str = "127.0.0.1:8000"                # where `make serve` previews the site

    @classmethod
    def of(cls, base_dir: Path, site_url: str, site_name: str, options: dict) -> "Settings":
        """From mkdocs.yml's values: `options` is the service-guide plugin's mapping."""
        base_dir = Path(base_dir)
        return cls(base_dir=base_dir, site_url=site_url or "", site_name=site_name or "办事指南",
                   content_dir=base_dir / options.get("content_dir", "content"),
                   templates_dir=base_dir / options.get("templates_dir", "overrides/pages"),
                   offices=tuple(options.get("offices") or ()),
                   search_full_text=options.get("search_full_text", "auto"),
                   corrections=_checked("corrections", corrections, options),
                   hotline=_checked("hotline", hotline, options),
                   site=_checked("site", site_identity, options),
                   max_file_mb=options.get("max_file_mb", FORM_MAX_MB),
                   second_reviewer=bool((options.get("desk") or {}).get("second_reviewer", False)))

    @classmethod
    def read(cls, config_file: Path, **overrides) -> "Settings":
        """mkdocs.yml as written (the defaults when there is none), then the command line's values
        (those not None) over it."""
        config = _yaml(config_file) if config_file.is_file() else {}
        settings = cls.of(config_file.parent, str(config.get("site_url") or ""), str(config.get("site_name") or ""),
                          _plugin_options(config))
        if config.get("dev_addr"):
            settings = dataclasses.replace(settings, dev_addr=str(config["dev_addr"]))
        given = {k: v for k, v in overrides.items() if v is not None}
        return dataclasses.replace(settings, **given) if given else settings

    def compact_search(self, services: int) -> bool:
        """Whether steps and legal text stay out of the search index (a phone-sized index)."""
        return self.search_full_text == "compact" or (self.search_full_text == "auto" and services > FULL_TEXT_LIMIT)

    def render_options(self, services: int, updated: dict[str, str], qr_cache: Path | None) -> RenderOptions:
        return RenderOptions(site_url=self.site_url, site_name=self.site_name, templates_dir=self.templates_dir,
                             updated=updated, search_compact=self.compact_search(services), qr_cache=qr_cache,
                             corrections=self.corrections, hotline=self.hotline)


def _checked(name: str, make, options: dict):
    try:
        return make(**(options.get(name) or {}))
    except (CorrectionsError, SiteIdentityError) as exc:
        raise SettingsError(f"mkdocs.yml 的 service-guide.{name}：{exc}") from None
    except TypeError as exc:  # a key the setting does not have
        raise SettingsError(f"mkdocs.yml 的 service-guide.{name} 有不认识的设置：{exc}") from None


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name or !ENV tags: read the plain keys, ignore the rest."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _yaml(config_file: Path) -> dict:
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}


def _plugin_options(config: dict) -> dict:
    """The service-guide plugin's options as mkdocs.yml writes them ({} when it names none)."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "service-guide" in entry:
            return entry["service-guide"] or {}
    return {}
