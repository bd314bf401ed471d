#!/bin/sh
# mmdebstrap customize hook for summoner-test/nginx; $1 = the new root.
# Logs go to the container's stdout/stderr, as in the official image.
set -eu
root=$1
ln -sf /dev/stdout "$root/var/log/nginx/access.log"
ln -sf /dev/stderr "$root/var/log/nginx/error.log"
