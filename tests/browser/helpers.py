"""Checking pages in a real browser: axe-core, the basic structure every page needs, screenshots,
and signing in through the real sign-in and MFA pages.

A ``PageChecker`` collects every problem it finds across a role's pages and fails once at the end,
so one run lists all of a role's violations rather than only the first.
"""

import base64
import re
from pathlib import Path
from urllib.parse import urlsplit

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .pages import LOCK_OUT, SIGN_OUT, SUBMIT_EMPTY, Visit, url

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-results" / "screenshots"
RESULTS = REPO / "test-results" / "axe-results.json"

# WCAG 2.2 AA as axe-core tags it (wcag22aa holds the rules new in 2.2; the rest are earlier levels).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return {
    violations: results.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      targets: v.nodes.map(n => n.target.join(" ")),
    })),
    // What axe could not decide by itself (for example contrast over a background image): a person looks.
    incomplete: results.incomplete.map(v => ({
      id: v.id, help: v.help, count: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
    })),
    passes: results.passes.length,
  };
}"""
PAGE_FACTS = """() => {
  const focusable = document.querySelector("a[href], button, input:not([type=hidden]), select, textarea, [tabindex]");
  return {
    lang: document.documentElement.getAttribute("lang"),
    title: document.title.trim(),
    h1: Array.from(document.querySelectorAll("h1")).map(h => h.textContent.trim()),
    govuk: document.body.classList.contains("govuk-template__body"),
    firstFocusable: focusable ? focusable.outerHTML.slice(0, 120) : null,
    skipLinkFirst: focusable !== null && focusable.classList.contains("govuk-skip-link"),
    skipTarget: focusable && focusable.classList.contains("govuk-skip-link")
      ? document.getElementById(focusable.getAttribute("href").slice(1)) !== null : false,
  };
}"""
# WCAG 1.4.10 Reflow: at 320 CSS pixels wide (1280 at 400% zoom) nothing may need scrolling sideways,
# except content that needs two dimensions, such as data tables (and code in <pre>). Lists what sticks out.
REFLOW_WIDTH = 320
REFLOW = r"""() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest("table, pre")) continue;
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      const classes = typeof element.className === "string" && element.className.trim()
        ? "." + element.className.trim().split(/\s+/).join(".") : "";
      wide.push(`${element.tagName.toLowerCase()}${classes} (${Math.round(box.right)}px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 3), count: wide.length};
}"""
# Where each error summary link points, and whether that element exists on the page.
ERROR_SUMMARY_LINKS = """() => Array.from(document.querySelectorAll(".govuk-error-summary a[href^='#']")).map(a => ({
  text: a.textContent.trim(), target: a.getAttribute("href").slice(1),
  found: document.getElementById(a.getAttribute("href").slice(1)) !== null,
}))"""
SUBMIT_BUTTON = "main form[method=post] button:not([type=button]), main form[method=post] input[type=submit]"

# Form fields on the sign-in and MFA pages (wayfinder/accounts/forms.py): the first that matches is used.
USERNAME_FIELDS = ["input[name=username]"]
PASSWORD_FIELDS = ["input[name=password]"]
CODE_FIELDS = ["input[name=code]"]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")


class PageChecker:
    """Runs every check on each page one role visits, and remembers what failed."""

    def __init__(self, role: str, axe_source: str, *, run_axe: bool = True, results: list | None = None):
        self.role = role
        self.results = results if results is not None else []  # one entry per page, for axe-results.json
        self.axe_source = axe_source
        self.run_axe = run_axe
        self.problems: list[str] = []
        self.checked: list[str] = []
        self._events: list[str] = []

    # -- wiring ---------------------------------------------------------------------------------
    def watch(self, page) -> None:
        """Record broken stylesheets, scripts, fonts and images, and uncaught script errors."""
        def on_response(response):
            if response.status >= 400 and response.request.resource_type in {"stylesheet", "script", "font", "image"}:
                self._events.append(f"{response.request.resource_type} {urlsplit(response.url).path} "
                                    f"answered {response.status}")

        page.on("response", on_response)
        page.on("pageerror", lambda error: self._events.append(f"uncaught script error: {error}"))

    # -- visiting -------------------------------------------------------------------------------
    def visit(self, page, visit: Visit) -> None:
        if visit.action == LOCK_OUT:
            self.lock_out(page, visit)
            return
        response = page.goto(visit.url)
        if visit.action == SIGN_OUT:
            with page.expect_navigation() as navigation:
                page.get_by_role("button", name="Sign out").click()
            response = navigation.value
            assert page.locator(".govuk-notification-banner").count(), f"no 'signed out' banner on {page.url}"
            self.check(page, visit.slug, response.status if response else None, visit.status, visit.why)
        elif visit.action == SUBMIT_EMPTY:
            self.submit_empty(page, visit)
        else:
            self.check(page, visit.slug, response.status if response else None, visit.status, visit.why)

    def lock_out(self, page, visit: Visit, *, limit: int = 10) -> None:
        """Sign in with a wrong password until django-axes locks the username out, then check the
        locked-out page."""
        status = None
        for _ in range(limit):
            page.goto(visit.url)
            first_present(page, USERNAME_FIELDS, "username").fill("someone-who-forgot")
            first_present(page, PASSWORD_FIELDS, "password").fill("not the password")
            response = submit(page)
            status = response.status if response else None
            if status != 200:
                break
        self.check(page, visit.slug, status, visit.status, visit.why)

    def submit_empty(self, page, visit: Visit) -> None:
        """Submit the page's main form as it stands and check the page that comes back, which must
        show a GOV.UK error summary whose links lead to fields on the page. (The form page itself
        is checked by the visit before, under its own slug.)"""
        response = submit(page)
        status = response.status if response else None
        self.check(page, visit.slug, status, visit.status, visit.why)
        self.check_error_summary(page, visit.slug)

    def _check_error_summary(self, page, slug: str) -> None:
        where = self._where(slug, page)
        if page.locator(".govuk-error-summary").count() != 1:
            self.problems.append(f"{where}: expected one GOV.UK error summary (.govuk-error-summary)")
            return
        links = page.evaluate(ERROR_SUMMARY_LINKS)
        if not links:
            self.problems.append(f"{where}: the error summary has no links to the fields in error")
        for link in links:
            if not link["found"]:
                self.problems.append(f"{where}: error summary link '{link['text']}' points to "
                                     f"#{link['target']}, which is not on the page")
        if not page.title().startswith("Error: "):
            self.problems.append(f"{where}: a page with errors must start its <title> with 'Error: ' "
                                 f"(GOV.UK error summary pattern), got {page.title()!r}")

    def check_error_summary(self, page, slug: str) -> None:
        problems_before = len(self.problems)
        self._check_error_summary(page, slug)
        if self.results and self.results[-1]["role"] == self.role and self.results[-1]["page"] == slug:
            self.results[-1]["problems"] += self.problems[problems_before:]

    # -- checks ---------------------------------------------------------------------------------
    def check(self, page, slug: str, status: int | None, expected: tuple[int, ...], why: str = "") -> None:
        where = self._where(slug, page)
        self.checked.append(f"{self.role}: {slug} {urlsplit(page.url).path} ({status})")
        problems_before = len(self.problems)
        if status not in expected:
            self.problems.append(f"{where}: answered {status}, expected {' or '.join(map(str, expected))} — {why}")
        self.screenshot(page, slug)
        facts = page.evaluate(PAGE_FACTS)
        if facts["lang"] != "en":
            self.problems.append(f'{where}: <html> must have lang="en", has lang={facts["lang"]!r}')
        if not facts["title"]:
            self.problems.append(f"{where}: the page has no <title>")
        if not facts["h1"]:
            self.problems.append(f"{where}: the page has no <h1>")
        elif len(facts["h1"]) > 1:
            self.problems.append(f"{where}: the page has {len(facts['h1'])} <h1>s: {facts['h1']}")
        if facts["govuk"] and not (facts["skipLinkFirst"] and facts["skipTarget"]):
            self.problems.append(f"{where}: the first thing in the tab order must be a 'Skip to main content' link "
                                 f"to an element on the page, found {facts['firstFocusable']!r}")
        for event in self._events:
            self.problems.append(f"{where}: {event}")
        self._events.clear()
        reflow = self.reflow(page) if facts["govuk"] else None
        if reflow and reflow["count"]:
            self.problems.append(f"{where}: at {REFLOW_WIDTH}px wide (400% zoom) {reflow['count']} element(s) "
                                 f"stick out sideways (WCAG 1.4.10), e.g. {', '.join(reflow['wide'])}")
        axe = self.axe(page) if self.run_axe else {"violations": [], "incomplete": [], "passes": None}
        if self.run_axe:
            for violation in axe["violations"]:
                targets = ", ".join(violation["targets"][:3])
                more = len(violation["targets"]) - 3
                self.problems.append(
                    f"{where}: axe {violation['id']} ({violation['impact']}): {violation['help']} — "
                    f"{targets}{f' and {more} more' if more > 0 else ''} — {violation['helpUrl']}"
                )
        self.results.append({
            "role": self.role, "page": slug, "url": page.url, "status": status, "axe_run": self.run_axe,
            "screenshot": str(self.screenshot_path(slug).relative_to(REPO)),
            "problems": self.problems[problems_before:],
            "axe_violations": axe["violations"], "axe_incomplete": axe["incomplete"], "axe_passes": axe["passes"],
            # scrollWidth over 320 with nothing else sticking out: a data table scrolls the whole page.
            "reflow_320px": reflow,
        })

    def reflow(self, page) -> dict:
        size = page.viewport_size
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
        try:
            return page.evaluate(REFLOW)
        finally:
            page.set_viewport_size(size)

    def axe(self, page) -> dict:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=self.axe_source)
        return page.evaluate(AXE_RUN, AXE_TAGS)

    def screenshot_path(self, slug: str) -> Path:
        return SCREENSHOTS / f"{slugify(self.role)}__{slugify(slug)}.png"

    def screenshot(self, page, slug: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=self.screenshot_path(slug), full_page=True)

    def _where(self, slug: str, page) -> str:
        parts = urlsplit(page.url)
        return f"[{self.role}] {slug} ({parts.path}{'?' + parts.query if parts.query else ''})"

    def report(self) -> str:
        return (f"{len(self.problems)} problem(s) on {len(self.checked)} page(s) checked as {self.role}:\n"
                + "\n".join(f"  - {problem}" for problem in self.problems))


def first_present(page, selectors: list[str], what: str):
    for selector in selectors:
        locator = page.locator(selector)
        if locator.count():
            return locator.first
    raise AssertionError(f"No {what} field on {page.url} (tried {', '.join(selectors)})")


def current_code(user) -> str:
    """The TOTP code the user's authenticator app would show now."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    assert device is not None, f"{user.username} has no confirmed TOTP device"
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return str(code).zfill(device.digits)


def code_from_setup_key(text: str) -> str:
    """What an authenticator app shows for the set-up key printed on the MFA set-up page (base32,
    in groups; Django OTP's defaults: 30-second steps, 6 digits)."""
    secret = "".join(re.findall(r"[A-Z2-7]", text.rsplit(":", 1)[-1].upper()))
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return str(totp(key)).zfill(6)


def submit(page):
    """Submit the page's main (POST) form and wait for the page that comes back."""
    with page.expect_navigation() as navigation:
        page.locator(SUBMIT_BUTTON).first.click()
    return navigation.value


def sign_in(page, checker: PageChecker | None, user, password: str, *, show_mfa_errors: bool = False) -> None:
    """Sign in through the real pages: the sign-in form, then (for staff) the MFA page with the
    current TOTP code, or the MFA set-up page if they have no authenticator app yet. The pages are
    checked on the way when a checker is given."""
    sign_in_path = url("accounts:sign-in", "/account/sign-in/")
    mfa_path = url("accounts:mfa", "/account/mfa/")
    response = page.goto(sign_in_path)
    if checker:
        checker.check(page, "sign-in", response.status if response else None, (200,), "the way in")
    first_present(page, USERNAME_FIELDS, "username").fill(user.username)
    first_present(page, PASSWORD_FIELDS, "password").fill(password)
    response = submit(page)

    if user.requires_mfa:
        assert urlsplit(page.url).path == mfa_path, (
            f"{user.role} should be asked for a security code after signing in, but is on {page.url}")
        setup_key = page.locator("#secret-key")
        enrolling = setup_key.count() > 0
        slug = "mfa-setup" if enrolling else "mfa"
        if checker:
            checker.check(page, slug, response.status if response else None, (200,),
                          "staff set up or enter a security code")
            if show_mfa_errors:
                response = submit(page)
                checker.check(page, f"{slug}-errors", response.status if response else None, (200,),
                              "the security code form submitted empty shows its error summary")
                checker.check_error_summary(page, f"{slug}-errors")
        code = code_from_setup_key(setup_key.inner_text()) if enrolling else current_code(user)
        first_present(page, CODE_FIELDS, "security code").fill(code)
        submit(page)

    path = urlsplit(page.url).path
    assert path not in (sign_in_path, mfa_path), (
        f"signing in as {user.role} ({user.username}) did not get past {page.url}: "
        + (page.locator(".govuk-error-summary").inner_text() if page.locator(".govuk-error-summary").count()
           else page.locator("main").inner_text()[:500] if page.locator("main").count() else "")
    )
