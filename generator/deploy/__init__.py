"""What a web server needs beside the built pages: precompressed files, the hashes of the inline
scripts for the Content-Security-Policy, and an nginx configuration that uses both."""
