"""The dashboard as a user meets it, in headless Chromium over a real `detente serve`."""
from __future__ import annotations

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips every test here, saying what to install
    expect = None

# The page's CSP forbids eval, so waits use locators (expect), never wait_for_function.


def test_dashboard_search_and_page(server, page, shot):
    page.goto(server.url + "/")
    page.wait_for_selector("table.events tbody tr")
    assert page.locator("table.events tbody tr").count() == 20
    assert "20 events" in page.locator("#status").inner_text()
    page.fill("input[name=text]", "Busia")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.events tbody tr")).to_have_count(1)
    row = page.locator("table.events tbody tr")
    assert "agreed" in row.inner_text() and "Kenya" in row.inner_text()
    assert "text=Busia" in page.url
    shot(page, "01-search")
    # filters from the URL come back into the form, and a reset clears them
    page.reload()
    page.wait_for_selector("table.events tbody tr")
    assert page.input_value("input[name=text]") == "Busia"
    page.click("text=Reset")
    expect(page.locator("table.events tbody tr")).to_have_count(20)


def test_dashboard_filters_by_country_and_root(server, page):
    page.goto(server.url + "/#/events")
    page.wait_for_selector("table.events tbody tr")
    page.fill("input[name=country]", "RUS")
    page.select_option("select[name=root]", "04")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.events tbody tr")).to_have_count(5)
    assert "1–5 of 5 events" in page.locator(".pager").inner_text()


def test_dashboard_event_shows_highlighted_evidence(server, page, shot):
    page.goto(server.url + "/#/events?text=Busia")
    page.wait_for_selector("table.events tbody tr")
    page.click("table.events tbody tr")
    page.wait_for_selector("#article-text mark.hl-trigger")
    text = page.locator("#article-text")
    assert text.locator("mark.hl-trigger").inner_text() == "agreed"
    assert text.locator("mark.hl-source").inner_text() == "The government of Kenya"
    assert text.locator("mark.hl-target").inner_text() == "Uganda's foreign ministry"
    # the other sentence of the article is there, but not highlighted
    assert "Kenyan police later arrested" in text.inner_text()
    assert "arrested" not in " ".join(text.locator("mark").all_inner_texts())
    assert page.locator("h2", has_text="Kenya and Uganda agree to reopen a border post").count() == 1
    assert "Reported 1 time" in page.locator("#mentions").inner_text()
    shot(page, "02-event")
    # from the event to its dyad timeline
    page.click("text=Timeline KEN – UGA")
    page.wait_for_selector("#dyad-chart svg")
    assert "KEN – UGA: 1 event" in page.locator("#dyad-chart h2").inner_text()


def test_dashboard_claimed_event_shows_attribution(server, page):
    page.goto(server.url + "/#/events?factuality=claimed")
    page.wait_for_selector("table.events tbody tr")
    page.click("table.events tbody tr")
    page.wait_for_selector("#article-text mark.hl-trigger")
    assert page.locator("#article-text mark.hl-trigger").inner_text() == "shelling"
    assert "Ukraine" in page.locator("dl.facts").inner_text()


def test_dashboard_dyad_chart(server, page, shot):
    page.goto(server.url + "/#/dyad")
    page.wait_for_selector(".pairs a")
    assert "Pick two actors" in page.locator("main").inner_text()
    page.fill("input[name=a]", "RUS")
    page.fill("input[name=b]", "UKR")
    page.click("text=Show timeline")
    page.wait_for_selector("#dyad-chart svg rect")
    assert "RUS – UKR: 15 events" in page.locator("#dyad-chart h2").inner_text()
    chart = page.locator("#dyad-chart svg")
    assert chart.locator("rect.bar-q4").count() == 9   # 8 months of shelling + April 2025
    assert chart.locator("rect.bar-q1").count() == 4
    assert chart.locator("rect.bar-q2").count() == 1
    assert chart.locator("rect.bar-q3").count() == 1
    assert chart.locator("path.gline").count() == 1
    assert page.locator("table.events tbody tr").count() == 15
    box = chart.bounding_box()
    assert box["width"] > 800 and box["height"] > 200  # readable on a laptop screen
    shot(page, "03-dyad")


def test_dashboard_network(server, page, shot):
    page.goto(server.url + "/#/network")
    page.wait_for_selector(".network svg g.node")
    ids = page.eval_on_selector_all(".network g.node", "els => els.map(e => e.dataset.id)")
    assert set(ids) == {"RUS", "UKR", "MLI", "KEN", "UGA", "EUR"}
    assert page.locator(".network line.edge").count() == 4
    shot(page, "04-network")
    page.click(".network g.node[data-id=MLI] circle")
    page.wait_for_selector("table.events tbody tr")
    assert page.locator("table.events tbody tr").count() == 2


def test_dashboard_bad_filter_shows_the_server_message(server, page):
    page.goto(server.url + "/#/events?country=XYZ")
    page.wait_for_selector(".error")
    assert "Unknown country code 'XYZ'" in page.locator(".error").inner_text()


def test_dashboard_no_match_and_missing_event(server, page):
    page.goto(server.url + "/#/events?text=zebra")
    page.wait_for_selector(".empty")
    assert "No events match these filters" in page.locator(".empty").inner_text()
    page.goto(server.url + "/#/event/nope")
    page.wait_for_selector(".error")
    assert "No event with id 'nope'" in page.locator(".error").inner_text()


def test_dashboard_empty_store(empty_server, page, shot):
    page.goto(empty_server.url + "/")
    page.wait_for_selector(".empty")
    assert "No events yet" in page.locator(".empty").inner_text()
    assert "detente ingest" in page.locator(".empty").inner_text()
    shot(page, "05-empty")


@pytest.mark.slow
def test_dashboard_code_this_text(server, page, shot):
    """Needs the real pipeline: the server loads spaCy on this first POST."""
    text = ("NAIROBI, June 2 - Kenya's foreign minister met his Ugandan counterpart in Nairobi on Monday. "
            "The two governments signed an agreement to share border patrols.")
    expected = server.post("/api/extract", {"text": text, "published": "2025-06-03"})["events"]
    page.goto(server.url + "/#/code")
    page.fill("#code-text", text)
    page.fill("#code-published", "2025-06-03")
    page.click("#code-run")
    page.wait_for_selector("#code-result .event-card, #code-result .empty, #code-result .error", timeout=180_000)
    assert page.locator("#code-result .error").count() == 0
    assert page.locator("#code-result .event-card").count() == len(expected)
    assert expected, "the pipeline found no event in a plain 'X met Y' sentence"
    triggers = page.locator("#coded-text mark.hl-trigger").all_inner_texts()
    assert {e["evidence"]["trigger"] for e in expected} & set(triggers)
    shot(page, "06-code")
    # a click on a card keeps only that event's highlights
    page.click("#code-result .event-card >> nth=0")
    assert page.locator("#coded-text mark.hl-trigger").all_inner_texts() == [expected[0]["evidence"]["trigger"]]


def test_dashboard_api_reference_renders_offline(server, page, shot):
    # Swagger UI comes from the swagger-ui-bundle package: no CDN, and the strict CSP holds
    page.goto(server.url + "/docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("detente")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    shot(page, "09-api-docs")
