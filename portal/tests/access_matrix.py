"""The access matrix: every named URL of the project, what each role gets from it.

Used by `test_access_matrix.py`. Three parts:

* **Scope** (`project_url_names`): the named URLs the matrix must cover, found
  by walking `get_resolver()` with namespaces. A name is in scope when

  1. its view lives in the project (the callback's, or its view class's,
     `__module__` starts with `portal.`, `partners.`, `volunteers.` or
     `outreach.`); or
  2. it is declared in one of the project's URLconf modules (e.g. `sitemap`,
     `robots-txt` and `admin-login` in `portal.urls`, whose views are Django's
     or Wagtail's); or
  3. it belongs to a Wagtail admin viewset the project registers: a viewset
     whose class lives in the project, or whose model does (so the chooser of
     the Brochure snippet counts) — e.g. `referrals`, `audit-events`,
     `campaign-logs`, `network-*`, `volunteer-*`, `wagtailsnippets_outreach_brochure`,
     `wagtailsnippetchoosers_outreach_brochure`; the `statistics` namespace is
     registered through `register_admin_urls` and is covered by rule 1; or
  4. it is one of `ALLAUTH_PAGES` below.

  Out of scope: Wagtail's own URLs (page editor, images, documents, users,
  settings — including `wagtailsettings:edit`, which also edits the project's
  two site settings — and page serving, whose routable sub-pages have no URL
  names) and allauth's own pages. The project overrides no allauth view; it
  restyles every allauth page through `templates/allauth/layouts/base.html`
  and sends people to four of them, which are in scope: `account_login`
  (`LOGIN_URL`, `WAGTAILADMIN_LOGIN_URL`, the target of `admin-login`),
  `account_signup`, `account_logout` and `account_reset_password`.

  The Chinese (`/`) and English (`/en/`) forms of a URL come from the same
  pattern and are one name; requests use the Chinese form.

* **World** (`build_world`): the roles and the objects the rows point at, made
  with the project's factories. Object-level rows use partner A's objects
  (and the volunteer's own for volunteer pages).

* **Table** (`ROWS`): one `Row` per name, with the request to make and the
  expected outcome per role, as a string:

  ``"200"``, ``"400"``, ``"403"``, ``"404"`` ...
      exactly that status;
  ``"302:login"``
      a redirect whose Location starts with the login URL;
  ``"302:admin_home"``
      Wagtail's permission-denied redirect to the admin home;
  ``"302:<url name>"``
      a redirect to a URL that resolves to that name (e.g. ``volunteers:apply``).

  To add a URL: add a `Row` in the section of its app, usually through one of
  the role helpers (`everyone`, `partner_page`, `volunteer_page`, `admin_page`).
"""

import datetime
import hashlib
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.viewsets import viewsets

from outreach.factories import BrochureFactory, CampaignLogFactory
from partners.api import Filters, derive_services, location_id, organization_id
from partners.choices import MembershipRole
from partners.factories import (
    AreaFactory,
    LiaisonOfficerFactory,
    PartnerMembershipFactory,
    ProviderRosterEntryFactory,
    ReferralFactory,
    ServicePointFactory,
)
from partners.models import PartnerInvitation, ServiceType
from partners.models.accounts import hash_token
from portal.factories import StaffUserFactory, SuperuserFactory
from volunteers.choices import FileKind
from volunteers.factories import (
    ExtraHoursFactory,
    OpportunityFactory,
    ShiftFactory,
    ShiftSignupFactory,
    VolunteerFactory,
)
from volunteers.models import Certificate, VolunteerFile
from volunteers.models.profiles import private_storage

PROJECT_PACKAGES = ("portal", "partners", "volunteers", "outreach")

ALLAUTH_PAGES = frozenset(
    {"account_login", "account_signup", "account_logout", "account_reset_password"}
)

ROLES = (
    "anonymous",
    "volunteer",
    "partner_a",
    "partner_b",
    "staff_editor",
    "staff_triage",
    "superuser",
)

#: Partner A's personal data; these roles must never receive it, whatever the status.
SECRET_APPLICANT = "甲方机密申请人"
SECRET_PLACE = "甲方机密活动地点"
SECRETS = (SECRET_APPLICANT, SECRET_PLACE)
NO_SECRETS_FOR = ("anonymous", "volunteer", "partner_b", "staff_editor")

LOGIN = "302:login"
ADMIN_HOME = "302:admin_home"
APPLY = "302:volunteers:apply"
HOME_PAGE = "302:wagtail_serve"


# --- Scope --------------------------------------------------------------------------------


def _is_project(module_name: str) -> bool:
    return module_name.split(".")[0] in PROJECT_PACKAGES


def _declaring_module(resolver: URLResolver, parent: str) -> str:
    """The module whose `urlpatterns` the resolver's patterns come from."""
    urlconf = resolver.urlconf_name
    if isinstance(urlconf, str):
        return urlconf
    if isinstance(urlconf, types.ModuleType):
        return urlconf.__name__
    # A list of patterns (i18n_patterns, a viewset's include): declared where included.
    return parent


def view_module(pattern: URLPattern) -> str:
    callback = pattern.callback
    return getattr(getattr(callback, "view_class", callback), "__module__", "") or ""


@dataclass(frozen=True)
class UrlEntry:
    name: str | None
    namespace: str
    route: str
    declared_in: str
    view_module: str


def walk_urls(resolver=None, namespaces=(), declared_in="", route=""):
    """Every URL pattern with its full name ("ns:name"), namespace and declaring module."""
    resolver = resolver or get_resolver()
    declared_in = _declaring_module(resolver, declared_in)
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from walk_urls(pattern, inner, declared_in, route + str(pattern.pattern))
        else:
            yield UrlEntry(
                name=":".join((*namespaces, pattern.name)) if pattern.name else None,
                namespace=namespaces[-1] if namespaces else "",
                route=route + str(pattern.pattern),
                declared_in=declared_in,
                view_module=view_module(pattern),
            )


def project_admin_namespaces() -> set[str]:
    """URL namespaces of the Wagtail admin viewsets the project registers (rule 3)."""
    get_resolver().url_patterns  # noqa: B018 - importing the admin URLs fills the registry
    found = set()
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        owned = _is_project(type(viewset).__module__) or (
            isinstance(model, type) and _is_project(model._meta.app_label)
        )
        if owned:
            found.add(viewset.url_namespace)
    return found


def in_scope(entry: UrlEntry, admin_namespaces: set[str]) -> bool:
    return (
        _is_project(entry.view_module)
        or _is_project(entry.declared_in)
        or entry.namespace in admin_namespaces
        or entry.name in ALLAUTH_PAGES
    )


def project_url_entries() -> list[UrlEntry]:
    namespaces = project_admin_namespaces()
    return [entry for entry in walk_urls() if in_scope(entry, namespaces)]


def project_url_names() -> set[str]:
    return {entry.name for entry in project_url_entries() if entry.name}


# --- World --------------------------------------------------------------------------------


CALENDAR_TOKEN = "access-matrix-calendar-token"  # a made-up feed token
INVITATION_TOKEN = "access-matrix-invitation-token"
VOLUNTEER_FILE_NAME = "volunteers/access-matrix/scan"
VOLUNTEER_FILE_BYTES = b"%PDF-1.4\n%%EOF\n"


def build_world() -> types.SimpleNamespace:
    """The seven roles and the objects the rows point at.

    Partners A and B are coordinators of two organisations, each with a referral
    and a campaign log; the staff editor is in "Outreach editors", the staff
    triage in "Referral officers" (groups of the data migrations).
    """
    w = types.SimpleNamespace()
    now = timezone.now()

    # Roles
    w.volunteer = VolunteerFactory(scan_consent_at=now)
    w.partner_a = PartnerMembershipFactory(coordinator=True)
    w.partner_b = PartnerMembershipFactory(coordinator=True)
    w.staff_editor = StaffUserFactory()
    w.staff_editor.groups.add(Group.objects.get(name="Outreach editors"))
    w.staff_triage = StaffUserFactory()
    w.staff_triage.groups.add(Group.objects.get(name="Referral officers"))
    w.superuser = SuperuserFactory()
    w.users = {
        "anonymous": None,
        "volunteer": w.volunteer.user,
        "partner_a": w.partner_a.user,
        "partner_b": w.partner_b.user,
        "staff_editor": w.staff_editor,
        "staff_triage": w.staff_triage,
        "superuser": w.superuser,
    }

    # The network
    w.county = AreaFactory(county=True)
    w.centre = ServicePointFactory(
        county_centre=True, area=w.county, hours=True, services=list(ServiceType.objects.all()[:2])
    )
    w.workstation = ServicePointFactory(workstation=True)
    w.officer = LiaisonOfficerFactory(point=w.workstation)
    w.roster_entry = ProviderRosterEntryFactory(area=w.county)

    # Partner A's and partner B's rows
    w.org_a = w.partner_a.organisation
    w.referral_a = ReferralFactory(
        organisation=w.org_a,
        centre=w.centre,
        submitted_by=w.partner_a.user,
        applicant_name=SECRET_APPLICANT,
    )
    w.referral_b = ReferralFactory(
        organisation=w.partner_b.organisation, centre=w.centre, submitted_by=w.partner_b.user
    )
    w.log_a = CampaignLogFactory(
        reporting_organisation=w.org_a, created_by=w.partner_a.user, place=SECRET_PLACE
    )
    w.log_b = CampaignLogFactory(
        reporting_organisation=w.partner_b.organisation, created_by=w.partner_b.user
    )
    # An invitation to partner A for an address without an account.
    w.invitation = PartnerInvitation.objects.create(
        email="invitee-a@example.org",
        organisation=w.org_a,
        role=MembershipRole.REPORTER,
        token_hash=hash_token(INVITATION_TOKEN),
        invited_by=w.staff_triage,
        expires_at=now + datetime.timedelta(days=14),
    )

    # The volunteer's rows
    w.opportunity = OpportunityFactory(point=w.workstation)
    w.shift = ShiftFactory(opportunity=w.opportunity)
    w.signup = ShiftSignupFactory(shift=w.shift, volunteer=w.volunteer)
    w.extra_hours = ExtraHoursFactory(volunteer=w.volunteer)
    w.volunteer.calendar_token_hash = hashlib.sha256(CALENDAR_TOKEN.encode()).hexdigest()
    w.volunteer.save(update_fields=["calendar_token_hash"])
    w.volunteer_file = VolunteerFile.objects.create(
        volunteer=w.volunteer,
        kind=FileKind.ID_SCAN,
        file=VOLUNTEER_FILE_NAME,
        content_type="application/pdf",
        size=len(VOLUNTEER_FILE_BYTES),
        sha256=hashlib.sha256(VOLUNTEER_FILE_BYTES).hexdigest(),
    )
    w.certificate = Certificate.objects.create(
        number="ZY2000-000001",
        volunteer=w.volunteer,
        name_initial="志",
        period_start=datetime.date(2000, 1, 1),
        period_end=datetime.date(2000, 12, 31),
        hours=2,
        activities=1,
        issuing_centre="清河县法律援助中心",
    )

    # A brochure in its first review, submitted by the editor.
    w.brochure = BrochureFactory(live=False)
    w.revision = w.brochure.save_revision(user=w.staff_editor)
    w.workflow_state = w.brochure.get_workflow().start(w.brochure, w.staff_editor)
    w.task_state = w.workflow_state.current_task_state
    return w


# --- Rows ---------------------------------------------------------------------------------


def no_kwargs(w) -> dict:
    return {}


def pk_of(attribute: str) -> Callable:
    """Kwargs `{"pk": w.<attribute>.pk}`."""
    return lambda w: {"pk": getattr(w, attribute).pk}


@dataclass(frozen=True)
class Row:
    name: str
    expected: Mapping[str, str]
    #: `kwargs(world)` for `reverse()`; may also prepare what the request needs.
    kwargs: Callable = no_kwargs
    method: str = "get"
    data: Mapping = field(default_factory=dict)

    def __post_init__(self):
        missing = set(ROLES) - set(self.expected)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")


def roles(default: str, **overrides: str) -> dict[str, str]:
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return {role: overrides.get(role, default) for role in ROLES}


def everyone(status: str = "200") -> dict[str, str]:
    """Public: the same answer for every role."""
    return roles(status)


def partner_page(a: str = "200", b: str = "200") -> dict[str, str]:
    """`partner_required`: login for anonymous, 403 without an active membership."""
    return roles("403", anonymous=LOGIN, partner_a=a, partner_b=b)


def volunteer_page(own: str = "200") -> dict[str, str]:
    """`volunteer_required`: login for anonymous, the application form without a record."""
    return roles(APPLY, anonymous=LOGIN, volunteer=own)


def admin_page(
    superuser: str = "200", editor: str = ADMIN_HOME, triage: str = ADMIN_HOME
) -> dict[str, str]:
    """Wagtail admin: login for people without admin access, admin home without the permission."""
    return roles(LOGIN, staff_editor=editor, staff_triage=triage, superuser=superuser)


def _viewset_rows(namespace: str, names_and_expected: dict, object_attribute: str) -> list[Row]:
    """Rows of a ModelViewSet: names ending in "*" take the object's pk."""
    rows = []
    for name, expected in names_and_expected.items():
        if name.endswith("*"):
            rows.append(Row(f"{namespace}:{name[:-1]}", expected, pk_of(object_attribute)))
        else:
            rows.append(Row(f"{namespace}:{name}", expected))
    return rows


def _superuser_only_viewset(namespace: str, object_attribute: str, names: str) -> list[Row]:
    """A viewset only the superuser of the seven roles may use (other groups may)."""
    return _viewset_rows(
        namespace, {name: admin_page() for name in names.split()}, object_attribute
    )


def _organisation_id(w) -> dict:
    return {"record_id": organization_id(("partner", w.org_a.code))}


def _location_id(w) -> dict:
    return {"record_id": location_id(w.centre.code)}


def _service_id(w) -> dict:
    services, _offers = derive_services(Filters())
    return {"record_id": services[0].id}


def _volunteer_file(w) -> dict:
    """The scan's bytes, written to the private storage this test configured."""
    storage = private_storage()
    if not storage.exists(VOLUNTEER_FILE_NAME):
        storage.save(VOLUNTEER_FILE_NAME, ContentFile(VOLUNTEER_FILE_BYTES))
    return {"pk": w.volunteer_file.pk}


def _brochure_revision(w) -> dict:
    return {"pk": w.brochure.pk, "revision_id": w.revision.pk}


def _brochure_task(w) -> dict:
    return {"pk": w.brochure.pk, "action_name": "approve", "task_state_id": w.task_state.pk}


PUBLIC_ROWS = [
    # portal/urls.py
    Row("admin-login", everyone(LOGIN)),
    Row("sitemap", everyone()),
    Row("robots-txt", everyone()),
    # For the proxy and load balancer: no sign-in.
    Row("healthz", everyone()),
    # Open-data API (partners/api_urls.py)
    Row("directory-api:index", everyone()),
    Row("directory-api:organizations", everyone()),
    Row(
        "directory-api:organization",
        everyone(),
        _organisation_id,
    ),
    Row("directory-api:locations", everyone()),
    Row("directory-api:locations-csv", everyone()),
    Row(
        "directory-api:location",
        everyone(),
        _location_id,
    ),
    Row("directory-api:services", everyone()),
    Row("directory-api:service", everyone(), _service_id),
    Row("directory-api:service-at-locations", everyone()),
    # Public directory (partners/urls.py)
    Row("partners:index", everyone()),
    Row("partners:roster", everyone()),
    Row("partners:area", everyone(), lambda w: {"code": w.county.code}),
    Row("partners:point", everyone(), lambda w: {"code": w.centre.code}),
    Row("partners:notice-board", everyone(), lambda w: {"code": w.centre.code}),
    # Outreach (outreach/urls.py)
    Row("outreach:search", everyone()),
    Row("outreach:display-mode", everyone(HOME_PAGE), method="post", data={"mode": "elder"}),
    # allauth pages the project sends people to
    Row("account_login", roles(HOME_PAGE, anonymous="200")),
    Row("account_signup", roles(HOME_PAGE, anonymous="200")),
    Row("account_logout", roles("200", anonymous=HOME_PAGE)),
    Row("account_reset_password", everyone()),
]

PARTNER_ROWS = [
    # partners/portal_urls.py
    Row("partner_portal:dashboard", partner_page()),
    Row("partner_portal:referral-new", partner_page()),
    Row("partner_portal:referral-export", partner_page()),
    Row("partner_portal:referral", partner_page(b="404"), pk_of("referral_a")),
    # POST-only; an empty form re-renders the referral for its own partner.
    Row(
        "partner_portal:referral-withdraw",
        partner_page(b="404"),
        pk_of("referral_a"),
        method="post",
    ),
    Row("partner_portal:referral-reply", partner_page(b="404"), pk_of("referral_a"), method="post"),
    # The token is the credential: the signup form for the invited address; anyone
    # signed in as another person is told the invitation is not theirs.
    Row(
        "partner_portal:invitation",
        roles("403", anonymous="200"),
        lambda w: {"token": INVITATION_TOKEN},
    ),
    # outreach/partner_urls.py
    Row("partner_outreach:list", partner_page()),
    Row("partner_outreach:new", partner_page()),
    Row("partner_outreach:edit", partner_page(b="404"), pk_of("log_a")),
    Row("partner_outreach:figures", partner_page()),
]

VOLUNTEER_ROWS = [
    # volunteers/urls.py: application, files, calendar, my data
    Row("volunteers:apply", roles("200", anonymous=LOGIN, volunteer="302:volunteers:home")),
    Row("volunteers:home", volunteer_page()),
    Row("volunteers:file-upload", volunteer_page()),
    # The owner, or staff who may view volunteers (audited); anyone else the same 404.
    Row(
        "volunteers:file",
        roles("404", anonymous=LOGIN, volunteer="200", superuser="200"),
        _volunteer_file,
    ),
    Row("volunteers:calendar-token", volunteer_page()),
    # The secret address is the credential (for a phone's calendar app).
    Row("volunteers:calendar-feed", everyone(), lambda w: {"token": CALENDAR_TOKEN}),
    Row("volunteers:my-data", volunteer_page()),
    Row("volunteers:data-export", volunteer_page(), method="post"),
    # An empty form: the box is not ticked, nothing is deleted.
    Row("volunteers:account-delete", volunteer_page("400"), method="post"),
    # Shifts, hours and certificates
    Row("volunteers:opportunities", everyone()),
    Row("volunteers:shift", everyone(), pk_of("shift")),
    # Already signed up / not an offer: refused with a message, back to the shift.
    Row(
        "volunteers:shift-signup",
        volunteer_page("302:volunteers:shift"),
        pk_of("shift"),
        method="post",
    ),
    Row(
        "volunteers:signup-cancel",
        volunteer_page("302:volunteers:shift"),
        pk_of("signup"),
        method="post",
    ),
    Row(
        "volunteers:signup-confirm",
        volunteer_page("302:volunteers:shift"),
        pk_of("signup"),
        method="post",
    ),
    Row("volunteers:hours", volunteer_page()),
    Row("volunteers:certificate", volunteer_page()),
    Row(
        "volunteers:certificate-verify",
        everyone(),
        lambda w: {"code": w.certificate.verification_code},
    ),
]

#: Views of a Wagtail ModelViewSet ("*": takes the object's pk), then optional ones.
MODEL_VIEWS = "index index_results add edit* delete* history* history_results* usage*"
SPREADSHEET_VIEWS = "export import template"
NETWORK_VIEWS = f"{MODEL_VIEWS} inspect* {SPREADSHEET_VIEWS}"

ADMIN_ROWS = [
    # Network (partners/viewsets.py): superusers only
    *_superuser_only_viewset("network-areas", "county", NETWORK_VIEWS),
    *_superuser_only_viewset("network-organisations", "org_a", NETWORK_VIEWS),
    *_superuser_only_viewset("network-points", "centre", NETWORK_VIEWS),
    *_superuser_only_viewset("network-roster", "roster_entry", NETWORK_VIEWS),
    *_superuser_only_viewset("network-officers", "officer", f"{MODEL_VIEWS} inspect* export"),
    # Memberships: referral officers view and change them (no add view: invitations add them)
    *_viewset_rows(
        "network-memberships",
        {
            "index": admin_page(triage="200"),
            "index_results": admin_page(triage="200"),
            "edit*": admin_page(triage="200"),
            "delete*": admin_page(),
            "history*": admin_page(triage="200"),
            "history_results*": admin_page(triage="200"),
            "usage*": admin_page(triage="200"),
            "inspect*": admin_page(triage="200"),
            "deactivate*": admin_page(triage="200"),
        },
        "partner_a",
    ),
    # Referrals, invitations and the audit log (partners/viewsets.py)
    Row("referrals:index", admin_page(triage="200")),
    Row("referrals:index_results", admin_page(triage="200")),
    Row("referrals:export", admin_page(triage="200")),
    Row("referrals:detail", admin_page(triage="200"), pk_of("referral_a")),
    Row("partner-invitations:index", admin_page(triage="200")),
    Row("partner-invitations:index_results", admin_page(triage="200")),
    Row("partner-invitations:add", admin_page(triage="200")),
    Row("audit-events:index", admin_page()),
    Row("audit-events:index_results", admin_page()),
    # Volunteers (volunteers/viewsets.py): volunteer coordinators and superusers
    *_superuser_only_viewset(
        "volunteer-people",
        "volunteer",
        f"index index_results edit* history* history_results* usage* inspect* {SPREADSHEET_VIEWS}",
    ),
    *_superuser_only_viewset("volunteer-opportunities", "opportunity", MODEL_VIEWS),
    *_superuser_only_viewset("volunteer-shifts", "shift", f"{MODEL_VIEWS} copy* attendance*"),
    *_superuser_only_viewset("volunteer-extra-hours", "extra_hours", "index index_results review*"),
    Row("volunteer-hours:index", admin_page()),
    # Campaign logs (outreach/viewsets.py)
    *_superuser_only_viewset("campaign-logs", "log_a", f"{NETWORK_VIEWS} copy*"),
    # Statistics (outreach/reports): staff with "view statistics reports"
    Row("statistics:referrals", admin_page(triage="200")),
    Row("statistics:outreach", admin_page(triage="200")),
    Row("statistics:volunteers", admin_page(triage="200")),
    Row("statistics:coverage", admin_page(triage="200")),
    Row("statistics:year-end", admin_page(triage="200")),
]

BROCHURE = "wagtailsnippets_outreach_brochure"
BROCHURE_CHOOSER = "wagtailsnippetchoosers_outreach_brochure"
BROCHURE_EDIT = f"302:{BROCHURE}:edit"

# Brochures (outreach/viewsets.py): outreach editors view, add and change them and
# submit them for review; they neither delete nor publish.
BROCHURE_ROWS = [
    Row(f"{BROCHURE}:list", admin_page(editor="200")),
    Row(f"{BROCHURE}:list_results", admin_page(editor="200")),
    Row(f"{BROCHURE}:add", admin_page(editor="200")),
    Row(f"{BROCHURE}:edit", admin_page(editor="200"), pk_of("brochure")),
    Row(f"{BROCHURE}:delete", admin_page(), pk_of("brochure")),
    Row(f"{BROCHURE}:usage", admin_page(editor="200"), pk_of("brochure")),
    Row(f"{BROCHURE}:history", admin_page(editor="200"), pk_of("brochure")),
    Row(f"{BROCHURE}:history_results", admin_page(editor="200"), pk_of("brochure")),
    Row(f"{BROCHURE}:copy", admin_page(editor="200"), pk_of("brochure")),
    Row(f"{BROCHURE}:preview_on_add", admin_page(editor="200")),
    Row(f"{BROCHURE}:preview_on_edit", admin_page(editor="200"), pk_of("brochure")),
    Row(f"{BROCHURE}:revisions_view", admin_page(editor="200"), _brochure_revision),
    Row(f"{BROCHURE}:revisions_revert", admin_page(editor="200"), _brochure_revision),
    Row(
        f"{BROCHURE}:revisions_compare",
        admin_page(editor="200"),
        lambda w: {"pk": w.brochure.pk, "revision_id_a": "earliest", "revision_id_b": "latest"},
    ),
    Row(f"{BROCHURE}:revisions_unschedule", admin_page(), _brochure_revision),
    Row(f"{BROCHURE}:unpublish", admin_page(), pk_of("brochure")),
    Row(f"{BROCHURE}:lock", admin_page(BROCHURE_EDIT), pk_of("brochure"), method="post"),
    Row(f"{BROCHURE}:unlock", admin_page(BROCHURE_EDIT), pk_of("brochure"), method="post"),
    Row(f"{BROCHURE}:workflow_action", admin_page(), _brochure_task),
    Row(f"{BROCHURE}:collect_workflow_action_data", admin_page(), _brochure_task),
    # Wagtail checks no permission here: any admin user sees the modal (it names the
    # workflow and its current task, nothing of the brochure).
    Row(
        f"{BROCHURE}:confirm_workflow_cancellation",
        admin_page(editor="200", triage="200"),
        pk_of("brochure"),
    ),
    Row(f"{BROCHURE}:workflow_history", admin_page(editor="200"), pk_of("brochure")),
    Row(
        f"{BROCHURE}:workflow_history_detail",
        admin_page(editor="200"),
        lambda w: {"pk": w.brochure.pk, "workflow_state_id": w.workflow_state.pk},
    ),
    Row(
        f"{BROCHURE}:workflow_preview",
        admin_page(),
        lambda w: {"pk": w.brochure.pk, "task_id": w.task_state.task_id},
    ),
    # Wagtail's choosers are open to every admin user (a page editor picks snippets
    # from them): titles only. Creating from the chooser needs "add".
    Row(f"{BROCHURE_CHOOSER}:choose", admin_page(editor="200", triage="200")),
    Row(f"{BROCHURE_CHOOSER}:choose_results", admin_page(editor="200", triage="200")),
    Row(
        f"{BROCHURE_CHOOSER}:chosen",
        admin_page(editor="200", triage="200"),
        lambda w: {"pk": str(w.brochure.pk)},
    ),
    Row(f"{BROCHURE_CHOOSER}:chosen_multiple", admin_page(editor="200", triage="200")),
    Row(f"{BROCHURE_CHOOSER}:create", admin_page(editor="200")),
]

ROWS = [*PUBLIC_ROWS, *PARTNER_ROWS, *VOLUNTEER_ROWS, *ADMIN_ROWS, *BROCHURE_ROWS]
