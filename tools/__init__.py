"""Tools that work on the service from outside it (the benchmark); no part of the product imports them."""
