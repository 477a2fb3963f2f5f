"""QR codes drawn on the server, as inline SVG: a printed sheet needs no script or image host."""

import segno


def qr_svg(url: str, *, title: str) -> str:
    """An SVG that opens *url* when scanned; *title* is what screen readers say of it."""
    code = segno.make(url, error="m")
    # A viewBox and no fixed size: the sheet's CSS sizes it, 40 mm on A4, 80 mm on A3.
    svg = code.svg_inline(
        scale=4, border=2, title=title, svgclass="qr", lineclass=None, omitsize=True
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)
