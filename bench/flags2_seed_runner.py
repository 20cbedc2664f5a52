"""Runs one of the seed's flags2 scripts (extracted from the seed notebook into
a folder by bench/flags2_compare.ts) against a flag server on any port, for the
benchmarks only.

    FLAGS2_LOCAL=http://127.0.0.1:PORT/flags FLAGS2_DEST=/tmp/dir/ \
        python3 bench/flags2_seed_runner.py /tmp/seed/flags2_threadpool.py -s LOCAL -e -m 100

FLAGS2_LOCAL, FLAGS2_DELAY, FLAGS2_ERROR replace the seed's localhost:800x
URLs; FLAGS2_DEST replaces its downloads/ folder. Needs requests and tqdm
(Debian: python3-requests python3-tqdm).
"""
import os
import runpy
import sys

script = os.path.abspath(sys.argv[1])
sys.path.insert(0, os.path.dirname(script))

import flags2_common  # noqa: E402  (after the path is set)

for label in ('LOCAL', 'DELAY', 'ERROR'):
    url = os.environ.get('FLAGS2_' + label)
    if url:
        flags2_common.SERVERS[label] = url
if os.environ.get('FLAGS2_DEST'):
    flags2_common.DEST_DIR = os.environ['FLAGS2_DEST']

sys.argv = [script] + sys.argv[2:]
runpy.run_path(script, run_name='__main__')
