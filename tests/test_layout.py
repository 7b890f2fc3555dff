"""The package's layout holds: stages import downwards only, the core never imports MkDocs, and no
import hides inside a function to dodge a cycle. Read from the source (ast), nothing is run."""
import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
ADAPTER = "generator.mkdocs_plugin"
# Each stage may import the stages before it (README, "How it fits together")
STAGES = ["generator", "generator.catalogue", "generator.website", "generator.search", "generator.exports", "generator.deploy",
          "generator.sources", "generator.desk", "generator.mkdocs_plugin", "generator.cli"]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path):
    """(imported module, inside a function?) for every import of a file, relative ones resolved."""
    tree = ast.parse(path.read_text("utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    nested = {id(sub) for f in functions for sub in ast.walk(f)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            yield name, id(node) in nested


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def internal_graph(with_functions=True) -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        graph[name] = {target for target, nested in imports(path)
                       if target in MODULES and target != name and (with_functions or not nested)}
    return graph


def stage_of(module: str) -> str:
    return max((s for s in STAGES if module == s or module.startswith(s + ".")), key=len)


def test_only_the_adapter_imports_mkdocs_or_material():
    offenders = [f"{name} imports {target}" for name, path in MODULES.items() if not name.startswith(ADAPTER)
                 for target, _ in imports(path) if target.split(".")[0] in ("mkdocs", "material")]
    assert not offenders


def test_no_import_cycle_between_modules():
    graph, state, cycles = internal_graph(), {}, []

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles


def test_stages_import_only_earlier_stages():
    graph = internal_graph()
    upward = [f"{a} ({stage_of(a)}) imports {b} ({stage_of(b)})" for a, targets in graph.items() for b in targets
              if a != "generator.__main__" and stage_of(a) != stage_of(b)
              and STAGES.index(stage_of(b)) > STAGES.index(stage_of(a))]
    assert not upward


def test_no_package_import_hides_inside_a_function():
    hidden = [f"{name} imports {target} inside a function" for name, path in MODULES.items()
              for target, nested in imports(path) if nested and target.startswith("generator")]
    assert not hidden


def test_the_page_registry_is_the_only_list_of_pages():
    """Every page template belongs to one kind of website/pages.py, and no other module names one:
    a new kind of page is one entry there, which the full render and the preview both follow."""
    import re

    from generator import TEMPLATES_DIR
    from generator.website.pages import PAGE_KINDS

    page_templates = {p.name for p in TEMPLATES_DIR.glob("*.md.j2") if not p.name.startswith("_")}
    declared = [kind.template for kind in PAGE_KINDS]
    assert sorted(declared) == sorted(page_templates)
    named_elsewhere = [f"{name}: {t}" for name, path in MODULES.items() if name != "generator.website.pages"
                       for t in re.findall(r"[\"']([a-z][\w-]*\.md\.j2)[\"']", path.read_text("utf-8"))]
    assert not named_elsewhere


def test_render_and_preview_know_the_same_pages():
    from conftest import CONTENT
    from generator.catalogue.load import load_catalogue
    from generator.website.pages import page_paths
    from generator.website.render import render_site

    catalogue = load_catalogue(CONTENT)
    assert [page.path for page in render_site(catalogue)] == page_paths(catalogue)


def test_one_module_writes_files():
    """Pages, the site, downloads, the preview's Markdown, imported YAML and caches are all written by
    generator/output.py: whole files and whole folders, never half of one."""
    import re

    writes = re.compile(r"\.write_text\(|\.write_bytes\(|os\.replace\(|mkstemp\(|open\([^)]*[\"'][wax]b?[\"']")
    offenders = [f"{name}:{n}" for name, path in MODULES.items() if name != "generator.output"
                 for n, line in enumerate(path.read_text("utf-8").split("\n"), 1) if writes.search(line)]
    assert not offenders


def test_every_function_stays_readable():
    """No function above cyclomatic complexity 25 (radon's count) or 80 lines: past that a newcomer
    cannot hold it in mind, and a reader of documents grows by adding parts, not branches."""
    from radon.complexity import cc_visit

    too_complex = [f"{name}: {block.fullname} ({block.complexity})" for name, path in MODULES.items()
                   for block in cc_visit(path.read_text("utf-8")) if block.complexity > 25]
    too_long = [f"{name}: {node.name} ({node.end_lineno - node.lineno + 1} lines)" for name, path in MODULES.items()
                for node in ast.walk(ast.parse(path.read_text("utf-8")))
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 80]
    assert not too_complex and not too_long, too_complex + too_long
