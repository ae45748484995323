"""Who is calling, and which networks they may read or change."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from app.auth.models import Role
from app.core.errors import Forbidden, NotFound

WRITER_ROLES = frozenset({Role.admin, Role.coordinator})
INTEGRATOR_ROLES = WRITER_ROLES | {Role.integration}


@dataclass(frozen=True)
class Principal:
    client_id: uuid.UUID
    role: Role
    # Admins see every network; for everyone else this is the exact set they may touch.
    network_ids: frozenset[uuid.UUID]
    # "<iss>|<sub>" when the caller came with an external OpenID Connect token; its
    # `client_id` is then the subject's shadow client.
    external_subject: str | None = None

    @property
    def actor(self) -> str:
        """Who is acting, as an audit log names it: "client:<uuid>" for the service's own
        clients, the provider's "<iss>|<sub>" for external callers."""
        return self.external_subject or f"client:{self.client_id}"

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    def can_see(self, network_id: uuid.UUID) -> bool:
        return self.is_admin or network_id in self.network_ids

    def visible_networks(
        self, requested: Iterable[uuid.UUID] | None = None
    ) -> set[uuid.UUID] | None:
        """Networks a list may show: ``None`` means all (admin without a filter)."""
        if requested is not None:
            requested = set(requested)
            return requested if self.is_admin else requested & self.network_ids
        return None if self.is_admin else set(self.network_ids)

    def ensure_readable(self, network_id: uuid.UUID, what: str = "Resource") -> None:
        # Another network's object is indistinguishable from a missing one.
        if not self.can_see(network_id):
            raise NotFound(f"{what} not found")

    def ensure_writable(self, network_id: uuid.UUID, what: str = "Resource") -> None:
        self.ensure_readable(network_id, what)
        if self.role not in WRITER_ROLES:
            raise Forbidden(f"The {self.role.value} role may read but not change this network")

    @property
    def writes(self) -> bool:
        return self.role in WRITER_ROLES

    @property
    def integrates(self) -> bool:
        """May manage webhooks: admins, coordinators and integration clients."""
        return self.role in INTEGRATOR_ROLES

    def ensure_integrator_role(self) -> None:
        if not self.integrates:
            raise Forbidden(f"The {self.role.value} role may not manage integrations")

    def ensure_integrator(self, network_id: uuid.UUID, what: str = "Resource") -> None:
        """Webhooks of a network: admins, its coordinators and integration clients."""
        self.ensure_readable(network_id, what)
        self.ensure_integrator_role()

    def ensure_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden("Only an admin may do this")
