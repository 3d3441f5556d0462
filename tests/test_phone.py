"""On a 360 px phone (issue 13): no page wider than the screen, and no text outside the charts under
12 CSS px. (Chart text is still drawn smaller at 360 px: the open part of issue 13.)"""

from __future__ import annotations

from site_support import html_pages

SMALL_TEXT = """() => {
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest("svg, script, style, noscript") || !element.getClientRects().length) continue;
    const ownText = [...element.childNodes].some(node => node.nodeType === 3 && node.textContent.trim());
    const size = parseFloat(getComputedStyle(element).fontSize);
    const name = `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`;
    if (ownText && size < 12) found.push(`${name} ${size}px`);
  }
  return [...new Set(found)];
}"""


def test_no_page_is_wider_than_a_phone_and_no_text_outside_charts_is_under_12px(built_site, site_url, browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    problems = {}
    try:
        for path in html_pages(built_site):
            page.goto(site_url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            small = page.evaluate(SMALL_TEXT)
            if width > 360 or small:
                problems[path] = {"width": width, "small text": small}
    finally:
        context.close()
    assert problems == {}
