#!/bin/sh
# Runs a Windows program under wine64 headless: no display, no debug chatter.
# cross.sh sets WINEPREFIX to a fresh prefix in a temporary directory.
WINEDEBUG=-all
DISPLAY=
export WINEDEBUG DISPLAY
exec wine "$@"
