"""flags3 over a thread pool, in the seed's style, for the benchmarks only:
the Python twin of `deno task flags3:threadpool` (the book's companion code has
a flags3_threadpool.py; the seed notebook does not, so this one is written on
the seed's flags2 modules: its main, save_flag, get_flag, requests and a
ThreadPoolExecutor, as its flags2_threadpool.py does).

For each code: the GIF, then /flags/<cc>/metadata.json for the country's
name, in one pool call; saved as <country with spaces as _>-<CC>.gif. A 404
on either request counts as not found.

bench/flags3_compare.ts copies it beside the seed's flags2_common.py and
flags2_sequential.py (extracted at bench time) and runs it with
bench/flags2_seed_runner.py, which points the seed's SERVERS and DEST_DIR at
the benchmark's server and folder.
"""
import collections
from concurrent import futures

import requests
import tqdm

from flags2_common import main, save_flag, HTTPStatus, Result
from flags2_sequential import get_flag

DEFAULT_CONCUR_REQ = 30
MAX_CONCUR_REQ = 1000


def get_country(base_url, cc):
    url = '{}/{cc}/metadata.json'.format(base_url, cc=cc.lower())
    resp = requests.get(url)
    if resp.status_code != 200:
        resp.raise_for_status()
    return resp.json()['country']


def download_one(cc, base_url, verbose=False):
    try:
        image = get_flag(base_url, cc)
        country = get_country(base_url, cc)
    except requests.exceptions.HTTPError as exc:
        if exc.response.status_code != 404:
            raise
        status, msg = HTTPStatus.not_found, 'not found'
    else:
        save_flag(image, '{}-{}.gif'.format(country.replace(' ', '_'), cc))
        status, msg = HTTPStatus.ok, 'OK'
    if verbose:
        print(cc, msg)
    return Result(status, cc)


def download_many(cc_list, base_url, verbose, concur_req):
    counter = collections.Counter()
    with futures.ThreadPoolExecutor(concur_req) as executor:
        to_do_map = {executor.submit(download_one, cc, base_url, verbose): cc
                     for cc in sorted(cc_list)}
        done_iter = futures.as_completed(to_do_map)
        if not verbose:
            done_iter = tqdm.tqdm(done_iter, total=len(cc_list))
        for future in done_iter:
            try:
                status = future.result().status
                error_msg = ''
            except requests.exceptions.HTTPError as exc:
                status = HTTPStatus.error
                error_msg = 'HTTP error {res.status_code} - {res.reason}'.format(
                    res=exc.response)
            except requests.exceptions.ConnectionError:
                status = HTTPStatus.error
                error_msg = 'Connection error'
            counter[status] += 1
            if verbose and error_msg:
                print('*** Error for {}: {}'.format(to_do_map[future], error_msg))
    return counter


if __name__ == '__main__':
    main(download_many, DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ)
