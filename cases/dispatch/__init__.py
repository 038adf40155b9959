"""How outgoing correspondence leaves the desk (docs/correspondence.md): one transport per
channel (``cases.dispatch.base.Transport``), chosen through the ``DISPATCH_TRANSPORTS``
setting, and the letter PDF (``cases.dispatch.letter_pdf``)."""
