"""Static files in production: hashed, compressed names from collectstatic's manifest.

WhiteNoise's manifest storage answers every ``{% static %}`` with an error while the
manifest is missing (``collectstatic`` has not run), and every page, the error pages
included, links a stylesheet: the whole site was a 500. Without the manifest this storage
gives the plain name instead and says once in the log what to run; settings then let
WhiteNoise find the files where the apps keep them. ``collectstatic`` itself is unchanged
and writes the manifest, which the next start uses.
"""

from __future__ import annotations

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ManifestOrPlainStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.manifest_missing = self.read_manifest() is None
        self._warned = False

    def stored_name(self, name: str) -> str:
        if not self.manifest_missing:
            return super().stored_name(name)
        if not self._warned:
            self._warned = True
            logger.warning(
                "Static files: no %s in %s, serving them under plain names without far-future caching; "
                "run 'manage.py collectstatic --noinput' and restart",
                self.manifest_name,
                self.location,
            )
        return name
