"""The website's pages: where each lives, the listings derived from the catalogue, rendering to Markdown, writing output."""
