# ruff: noqa: E501
"""What every operation does, in plain language: one table keyed by operationId, applied to the
schema when it is generated (the routers stay thin; a contract test fails on a missing row)."""

from app.apidocs.indicator_operations import INDICATOR_OPERATIONS

# Tags in the order a coordinator meets them on a first day.
TAGS: list[tuple[str, str]] = [
    ("auth", "Get a token: OAuth2 client credentials (form-encoded) or an Entra ID token."),
    ("networks", "A network is the tenant: one region's child, youth and family welfare work."),
    ("partners", "Municipalities, the wellbeing county, NGOs and parishes in a network."),
    ("people", "The people of a partner who sit in groups and receive reminders."),
    ("groups", "Steering and working groups, their members, roles and terms."),
    ("events", "Events on the wheel, single or recurring, and their occurrences."),
    ("occurrences", "The timeline: every event, deadline and milestone in a time window."),
    (
        "wheel",
        "The annual wheel itself: SVG, an accessible page, PNG, PDF, CSV and Excel, category colours, and wheels published for intranet pages.",
    ),
    ("deadlines", "Decision deadlines with lead-time milestones, and the decisions made."),
    ("preparation-templates", "Reusable task lists for preparing an event."),
    ("tasks", "Preparation tasks and their status."),
    ("reminders", "Reminders planned and sent by email and as notifications."),
    ("feeds", "iCal feed subscriptions for calendars (Outlook, Google, Thunderbird)."),
    ("ical", "The iCal feeds themselves and iCal import."),
    (
        "wheel-embed",
        "The published wheel page that an intranet frames (the URL is the credential).",
    ),
    ("import", "Import events from an iCalendar file."),
    ("webhooks", "Signed Standard Webhooks to your systems, deliveries, replay and a test ping."),
    ("notifications", "Every change as a CloudEvents notification, polled from a cursor."),
    (
        "plans",
        "Welfare plans and reports followed up on the wheel, with their goal trees, tables and reports.",
    ),
    ("goals", "The goals of a plan and their measures."),
    ("measures", "The measures of a goal, evaluated in each follow-up round."),
    ("rounds", "Follow-up rounds: when the board evaluates a plan."),
    ("evaluations", "A measure's evaluation in a round, rolled up the goal tree."),
    ("terms", "Council terms, the clock of the municipal planning cycle."),
    ("cycle-templates", "The recurring steps of a council term, put on the wheel."),
    (
        "indicators",
        "Indicators beside the plan: values per region and year, imported from THL's Sotkanet or entered by hand, and the network's shared situational picture.",
    ),
    ("clients", "API clients (administrators): ids, roles, networks, secrets."),
    ("audit", "The tamper-evident audit trail of every change."),
    ("privacy", "GDPR: export and erase a person's data."),
    ("health", "Liveness and readiness for load balancers and monitoring."),
]

# operationId -> (summary, description); the indicator operations' rows are in their own module.
OPERATIONS: dict[str, tuple[str, str]] = {
    **INDICATOR_OPERATIONS,
    "plans-get-all": ("List a network's plans", "Plans by network, kind, status or text."),
    "auth-token": (
        "Get an access token",
        "Exchange a client id and secret for a bearer token (OAuth2 client credentials). Send the form as `application/x-www-form-urlencoded`, not JSON; Postman's collection auth and Swagger UI's Authorize button do this for you.",
    ),
    "clients-create": (
        "Create an API client",
        "An administrator creates a client with a role and the networks it may use. The secret is shown only in this response.",
    ),
    "clients-get-all": (
        "List API clients",
        "All API clients, newest first, one page at a time (`cursor` from the previous page).",
    ),
    "clients-get": (
        "Get one API client",
        "A client's name, role, networks and whether it is disabled.",
    ),
    "clients-update": (
        "Change an API client",
        "Rename, disable or change the networks of a client. `If-Match` is optional: send the ETag you read to avoid overwriting someone else's change.",
    ),
    "clients-rotate-secret": (
        "Rotate a client's secret",
        "Issue a new secret for a client; the old one stops working at once. The new secret is shown only in this response.",
    ),
    "networks-create": (
        "Create a welfare network",
        "A network is a tenant: a region's LAPE network with its partners, groups and wheel.",
    ),
    "networks-get-all": (
        "List the networks you can use",
        "The networks the caller belongs to (administrators see all), filtered by name with `q`.",
    ),
    "networks-get": ("Get one network", "A network's name and description."),
    "networks-update": (
        "Rename or describe a network",
        "Change a network's name or description. `If-Match` is optional.",
    ),
    "networks-delete": (
        "Delete a network and everything in it",
        "Deletes the network with its partners, people, groups, events, deadlines, feeds and webhooks.",
    ),
    "partners-create": (
        "Add a partner organisation to a network",
        "A municipality, the wellbeing county, an NGO or a parish; municipalities carry their Statistics Finland code (`municipality_code`), the wellbeing county its Sotkanet HYVINVOINTIALUE code (`wellbeing_county_code`, e.g. 19).",
    ),
    "partners-get-all": (
        "List a network's partners",
        "Partners by network, kind, municipality code or name.",
    ),
    "partners-get": (
        "Get one partner",
        "A partner's name, kind, business id and municipality code.",
    ),
    "partners-update": (
        "Change a partner's details",
        "Change a partner's name, kind, business id or municipality code. `If-Match` is optional.",
    ),
    "partners-delete": ("Remove a partner from a network", "Removes the partner and its people."),
    "people-create": (
        "Add a person to a partner",
        "A person who sits in groups, is assigned tasks and receives reminders in Finnish, Swedish or English.",
    ),
    "people-get-all": ("List people in a network", "People by network, partner or name."),
    "people-get": ("Get one person", "A person's name, partner, email, title and language."),
    "people-update": (
        "Change a person's details",
        "Change a person's name, email, title, language or partner. `If-Match` is optional.",
    ),
    "people-delete": ("Remove a person", "Removes the person and their group memberships."),
    "groups-create": (
        "Create a steering or working group",
        "A group of a network, such as its LAPE steering group, optionally with a term.",
    ),
    "groups-get-all": ("List a network's groups", "Groups by network, kind, member or name."),
    "groups-get": ("Get one group", "A group's name, kind, description and term."),
    "groups-update": (
        "Change a group's details",
        "Rename a group or change its kind, description or term. `If-Match` is optional.",
    ),
    "groups-delete": (
        "Delete a group",
        "Deletes the group and its memberships; its events stay on the wheel.",
    ),
    "groups-create-member": (
        "Add a member to a group",
        "A person joins a group as chair, vice chair, secretary, member, deputy or expert, from a start date (today by default).",
    ),
    "groups-get-all-members": (
        "List a group's members",
        "Members by role, or those active on a given date (`active_on`).",
    ),
    "groups-get-member": ("Get one group membership", "A member's role and term in a group."),
    "groups-update-member": (
        "Change a member's role or term",
        "Change a membership's role, start or end. `If-Match` is optional.",
    ),
    "groups-delete-member": ("Remove a member from a group", "Ends the membership by deleting it."),
    "events-create": (
        "Create an event on the wheel",
        "A single or recurring event (RFC 5545 `rrule`) in local time with an IANA zone, Europe/Helsinki by default, with optional reminders.",
    ),
    "events-get-all": (
        "List the events of a network",
        "Event series and single events, by network, group, partner, category, status or text.",
    ),
    "events-get": ("Get one event", "An event with its recurrence rule, exceptions and reminders."),
    "events-update": (
        "Change an event or its series",
        "Change an event; a changed rule re-plans its occurrences, reminders and tasks. `If-Match` is optional.",
    ),
    "events-delete": (
        "Delete an event and its series",
        "Deletes the event with all its occurrences, reminders and tasks.",
    ),
    "events-get-all-occurrences": (
        "List an event's occurrences in a window",
        "The dates an event falls on between `from` and `to`, with moved and cancelled ones marked; `recurrence_id` is each occurrence's original start.",
    ),
    "events-get-occurrence": (
        "Get one occurrence of an event",
        "One occurrence by its `recurrence_id` (the original start in local time).",
    ),
    "events-replace-occurrence": (
        "Move or change one occurrence",
        "Move one occurrence of a series to another time, or change its title or place; the rest of the series stays.",
    ),
    "events-cancel-occurrence": (
        "Cancel one occurrence of a series",
        "Cancels one date of a recurring event; the rest of the series stays.",
    ),
    "events-prepare": (
        "Plan preparation tasks for an event",
        "Apply a preparation template: its tasks are created with due dates before the event's next occurrence.",
    ),
    "occurrences-get-all": (
        "List a network's occurrences in a window",
        "The wheel: every event, deadline and milestone between `from` and `to`, in time order.",
    ),
    "deadlines-create": (
        "Create a decision deadline with milestones",
        "A deadline such as the budget decision, with lead-time milestones (e.g. the child impact assessment 21 days before) and reminders.",
    ),
    "deadlines-get-all": ("List a network's deadlines", "Deadlines by network, partner or text."),
    "deadlines-get": ("Get one deadline", "A deadline with its milestones and reminders."),
    "deadlines-update": (
        "Change a deadline or its milestones",
        "Change a deadline; its milestones and reminders follow. `If-Match` is optional.",
    ),
    "deadlines-delete": (
        "Delete a deadline",
        "Deletes the deadline with its milestones, reminders and decisions.",
    ),
    "deadlines-get-all-occurrences": (
        "List a deadline's occurrences in a window",
        "The due dates of a deadline between `from` and `to`, with their milestones and decisions.",
    ),
    "deadlines-decide": (
        "Record the decision on a deadline",
        "Record that the decision was made, postponed (with a new due date) or cancelled.",
    ),
    "preparation-templates-create": (
        "Create a preparation template",
        "A reusable list of tasks, each with an offset before the event (e.g. send the invitation 30 days before).",
    ),
    "preparation-templates-get-all": (
        "List a network's preparation templates",
        "Templates by network.",
    ),
    "preparation-templates-get": (
        "Get one preparation template",
        "A template's tasks and reminders.",
    ),
    "preparation-templates-update": (
        "Change a preparation template",
        "Change a template's name, tasks or reminders; tasks already planned stay. `If-Match` is optional.",
    ),
    "preparation-templates-delete": (
        "Delete a preparation template",
        "Deletes the template; tasks already planned stay.",
    ),
    "tasks-get-all-tasks": (
        "List preparation tasks",
        "Tasks by network, assignee, event, status, due window or overdue.",
    ),
    "tasks-get-task": (
        "Get one preparation task",
        "A task's title, assignee, due time and status.",
    ),
    "tasks-update-task": (
        "Mark a task done or reassign it",
        "Change a task's status, title or assignee. `If-Match` is optional.",
    ),
    "reminders-get-all": (
        "List planned and sent reminders",
        "Reminders by network, status, due window, person or source.",
    ),
    "reminders-get": ("Get one reminder", "A reminder's due time, recipients and status."),
    "feeds-create": (
        "Create an iCal feed subscription",
        "A calendar feed of a network, group, partner or person; `url` (and `webcal_url`) hold a secret token and are shown only in this response.",
    ),
    "feeds-get-all": ("List your iCal feeds", "The caller's own feeds, without their tokens."),
    "feeds-get": ("Get one iCal feed", "A feed's scope and options, without its token."),
    "feeds-delete": ("Revoke an iCal feed", "The feed's URL stops working at once."),
    "ical-calendar-head": (
        "Check a calendar feed for changes",
        "The feed's headers (ETag, Last-Modified) without the calendar, as calendar clients poll for changes. No Authorization header.",
    ),
    "wheel-svg": (
        "Draw the wheel as SVG",
        "The network's annual wheel for a wheel year (`year` or `from`), rings by category, group, partner or kind, in Finnish, Swedish or English.",
    ),
    "wheel-html": (
        "Show the wheel as an accessible page",
        "The wheel as an HTML page with the same items as a list, for screen readers and keyboard users.",
    ),
    "wheel-png": (
        "Draw the wheel as a PNG image",
        "The wheel as a PNG picture for slides and printed agendas.",
    ),
    "wheel-pdf": (
        "Print the wheel as PDF",
        "The wheel and its items as a PDF for the steering group's meeting papers.",
    ),
    "wheel-csv": (
        "Export the wheel year as CSV",
        "Every item of the wheel year, one row each, for spreadsheets.",
    ),
    "wheel-xlsx": (
        "Export the wheel year to Excel",
        "Every item of the wheel year as an Excel workbook.",
    ),
    "wheel-get-colors": (
        "Get the network's category colours",
        "The colour of each category on the wheel; categories not listed get the colour-blind-safe palette.",
    ),
    "wheel-put-colors": (
        "Choose the category colours",
        "Set the colour (#RRGGBB) of each category on the network's wheel.",
    ),
    "wheel-create-embed": (
        "Publish the wheel for an intranet page",
        "A wheel page that the listed intranet origins may frame; its `url` holds a secret token and is shown only in this response.",
    ),
    "wheel-get-embeds": (
        "List the published wheels",
        "The wheel pages published from the caller's networks, with their scope, options and allowed origins, never their secret URLs.",
    ),
    "wheel-delete-embed": (
        "Revoke a published wheel",
        "The embedded wheel page stops working at once.",
    ),
    "wheel-embed-page": (
        "Open a published wheel page",
        "The page an intranet frames (CSP frame-ancestors lists the allowed origins). The URL is the credential.",
    ),
    "import-import-ics": (
        "Import events from an iCalendar file",
        "Import the VEVENTs of an .ics file (as `text/calendar` or a multipart upload) into a network; re-importing the same UIDs updates them.",
    ),
    "ical-calendar": (
        "Get a calendar feed as iCal",
        "The feed's calendar (RFC 5545). The URL is the credential: no Authorization header. Honours `If-None-Match` and gzip.",
    ),
    "notifications-get-all": (
        "List notifications since a cursor",
        "Every change as a CloudEvents notification, in commit order. Pass the last `id` you saw as `after` to get only newer ones.",
    ),
    "webhooks-create": (
        "Register a webhook endpoint",
        "Your URL receives signed Standard Webhooks for the network's changes. The signing secret is shown only in this response.",
    ),
    "webhooks-get-all": ("List a network's webhooks", "Webhook endpoints by network."),
    "webhooks-get": ("Get one webhook", "A webhook's URL, event types and state."),
    "webhooks-update": (
        "Change a webhook endpoint",
        "Change a webhook's URL, event types, contact or enable it again. `If-Match` is optional.",
    ),
    "webhooks-delete": ("Delete a webhook endpoint", "Stops deliveries to the endpoint."),
    "webhooks-rotate-secret": (
        "Rotate a webhook's signing secret",
        "Issue a new signing secret; shown only in this response.",
    ),
    "webhooks-get-all-deliveries": (
        "List a webhook's delivery attempts",
        "Each delivery's event, status code and time, newest first.",
    ),
    "webhooks-replay": (
        "Replay webhook deliveries since a time",
        "Deliver again every notification since `since` to this endpoint.",
    ),
    "webhooks-test": (
        "Send a test ping to a webhook",
        "Sends a signed `fi.vuosikello.webhook.ping` at once and returns the receiver's status code.",
    ),
    "audit-get-all": (
        "Read the audit trail",
        "Who changed what and when, by actor, action, resource, network or time.",
    ),
    "privacy-export": (
        "Export a person's data (GDPR)",
        "Everything stored about a person, as one JSON document.",
    ),
    "privacy-erase": (
        "Erase a person's data (GDPR)",
        "Removes the person's personal data; the audit trail keeps only a pseudonym.",
    ),
    "health-live": (
        "Check the service is alive",
        "200 while the process runs; no database access.",
    ),
    "health-ready": ("Check the service is ready", "200 when the database answers; 503 otherwise."),
}
