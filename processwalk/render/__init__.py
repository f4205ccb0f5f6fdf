"""Renderers: findings, figures and diffs as text, HTML, diagrams, SARIF, JUnit, GitHub annotations."""
