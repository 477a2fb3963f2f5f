"""Care mode (关怀版) enlarges what the text alone would leave small: the chart's labels and the
filter checkboxes. Measured as drawn: an SVG label's size is its font size times the scale the
drawing is shown at, and no label may be clipped by the drawing's edge or overlap another."""

import pytest

from tests.public_data import build_public_plan, public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 360]
# The drawn font size of the first chart label, and the page's text size, in CSS pixels.
LABEL_SIZE = """() => {
  const label = document.querySelector('.chart-label');
  const scale = label.ownerSVGElement.getScreenCTM().a;
  return [parseFloat(getComputedStyle(label).fontSize) * scale,
          parseFloat(getComputedStyle(document.body).fontSize)];
}"""
# Every shown label's box, and the drawing's, in page pixels.
LABEL_BOXES = """() => {
  const box = e => {
    const r = e.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const svg = document.querySelector('.chart-svg');
  const labels = [...svg.querySelectorAll('.chart-label')]
    .filter(t => getComputedStyle(t).display !== 'none');
  return [box(svg), labels.map(t => [t.textContent, box(t)])];
}"""
# The first filter checkbox's size and its label's text size.
CHECKBOX_SIZE = """() => {
  const box = document.querySelector('.filters input[type=checkbox]').getBoundingClientRect();
  const text = parseFloat(getComputedStyle(document.querySelector('.filters .check')).fontSize);
  return [box.width, box.height, text];
}"""


@pytest.fixture
def plan(transactional_db):
    return build_public_plan()


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_labels_grow_in_care_mode(browser, live_server, plan, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    url = public_pages(plan)["target_quantity"]
    page.goto(f"{live_server.url}{url}")
    standard, standard_text = page.evaluate(LABEL_SIZE)
    page.goto(f"{live_server.url}/care{url}")
    care, care_text = page.evaluate(LABEL_SIZE)
    assert care_text >= 1.2 * standard_text
    assert care >= 1.2 * standard, (standard, care)
    # Readable on a phone too, where the drawing is shown at about half its size.
    assert standard >= 10, standard
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_labels_are_neither_clipped_nor_overlapping(browser, live_server, plan, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for mode in ("", "/en", "/care", "/care/en"):
        for name in ("target_quantity", "target_projects"):
            page.goto(f"{live_server.url}{mode}{public_pages(plan)[name]}")
            svg, labels = page.evaluate(LABEL_BOXES)
            where = (mode, name, width)
            assert len(labels) >= 5, where
            for text, box in labels:
                assert svg[0] <= box[0] and box[2] <= svg[2], (where, text, box, svg)
                assert svg[1] <= box[1] and box[3] <= svg[3], (where, text, box, svg)
            for i, (text, box) in enumerate(labels):
                for other, other_box in labels[i + 1 :]:
                    assert not _overlap(box, other_box), (where, text, other)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_filter_checkboxes_grow_with_the_text(browser, live_server, plan, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name in ("projects", "disclosure"):
        url = public_pages(plan)[name]
        page.goto(f"{live_server.url}{url}")
        standard = page.evaluate(CHECKBOX_SIZE)
        page.goto(f"{live_server.url}/care{url}")
        care = page.evaluate(CHECKBOX_SIZE)
        for w, h, text in (standard, care):
            assert w >= text and h >= text, (name, w, h, text)  # as large as its label's text
        assert care[2] >= 1.2 * standard[2]
        assert care[0] >= 1.2 * standard[0], (name, standard, care)
        # Still a real, labelled checkbox.
        assert page.get_by_role("checkbox").first.is_enabled()
    context.close()
