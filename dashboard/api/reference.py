"""The data API's reference as a web page, rendered on the server from the OpenAPI document (no scripts)."""
from __future__ import annotations

from flask import render_template_string

from .openapi import BASE, PROBLEMS

TEMPLATE = ("""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Data API reference - Review Oversight</title>
  <link rel="stylesheet" href="/vendor/bootstrap/css/bootstrap.min.css">
  <link rel="stylesheet" href="/assets/oversight.css">
</head>
<body>
  <a class="skip-link" href="#main">Skip to main content</a>
  <header class="site-header"><div class="header-bar">
    <a class="service-name" href="/">Review Oversight</a>
  </div></header>
  <main id="main" class="container my-3" tabindex="-1">
    <h1 class="h2">{{ doc.info.title }}</h1>
    <p>{{ doc.info.description }}</p>
    <p>Machine-readable description: <a href="{{ base }}/openapi.json">{{ base }}/openapi.json</a>"""
""" (OpenAPI {{ doc.openapi }}).</p>
    <h2 class="h3 mt-4">Signing in</h2>
    <ul>
    {% for name, scheme in doc.components.securitySchemes.items() %}
      <li><strong>{{ name }}</strong>: {{ scheme.description }}</li>
    {% endfor %}
    </ul>
    <h2 class="h3 mt-4">Response headers</h2>
    <dl>
    {% for name, header in doc.components.headers.items() %}
      <dt><code>{{ name }}</code></dt><dd>{{ header.description }}</dd>
    {% endfor %}
    </dl>
    <h2 class="h3 mt-4">Endpoints</h2>
    <ul>
    {% for path, item in endpoints %}<li><a href="#{{ item['get'].operationId }}">"""
"""<code>GET {{ base }}{{ path }}</code></a>"""
""": {{ item['get'].summary }}</li>
    {% endfor %}
    </ul>
    {% for path, item in endpoints %}{% set op = item['get'] %}
    <section class="mt-4" aria-labelledby="{{ op.operationId }}">
      <h3 class="h4" id="{{ op.operationId }}"><code>GET {{ base }}{{ path }}</code></h3>
      <p>{{ op.description }}</p>
      <table class="table table-sm">
        <caption>Parameters of {{ op.summary }}</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">In</th>"""
"""<th scope="col">Type</th><th scope="col">Meaning</th></tr></thead>
        <tbody>
        {% for p in op.parameters %}<tr><td><code>{{ p.name }}</code></td><td>{{ p['in'] }}</td>
          <td>{{ p.schema.format or p.schema.type }}"""
"""{% if p.schema.enum %}: {{ p.schema.enum | join(", ") }}{% endif %}</td>
          <td>{{ p.description }}</td></tr>
        {% endfor %}
        </tbody>
      </table>
      {% for row in rows[op.operationId] %}
      <table class="table table-sm">
        <caption>Columns of each row"""
"""{% if rows[op.operationId] | length > 1 %} ({{ row.description }}){% endif %}</caption>
        <thead><tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col">Meaning</th></tr></thead>
        <tbody>
        {% for name, prop in row.properties.items() %}<tr><td><code>{{ name }}</code></td>
          <td>{{ prop.format or (prop.type if prop.type is string else prop.type | join(" or ")) }}</td>
          <td>{{ prop.description }}</td></tr>
        {% endfor %}
        </tbody>
      </table>
      {% endfor %}
    </section>
    {% endfor %}
    <h2 class="h3 mt-4">Problems</h2>
    <p>Errors are RFC 9457 problem details (<code>application/problem+json</code>) with
      <code>type</code>, <code>title</code>, <code>status</code> and <code>detail</code>.</p>
    <dl>
    {% for status, text in problems.items() %}
      <dt id="problem-{{ status }}">{{ status }}</dt><dd>{{ text }}</dd>
    {% endfor %}
    </dl>
  </main>
</body>
</html>""")


def render(doc: dict) -> str:
    schemas = doc["components"]["schemas"]
    endpoints = [(path, item) for path, item in doc["paths"].items() if "parameters" in item["get"]]
    rows = {}
    for _path, item in endpoints:
        items = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]["items"]
        refs = items.get("oneOf", [items])
        rows[item["get"]["operationId"]] = [schemas[r["$ref"].rsplit("/", 1)[1]] for r in refs]
    return render_template_string(TEMPLATE, doc=doc, base=BASE, endpoints=endpoints, rows=rows,
                                  problems={**PROBLEMS, 500: "Something failed on the server; nothing was shown."})
