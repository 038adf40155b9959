"""The views of the cases app, one module per topic; ``cases/urls.py`` names them."""
