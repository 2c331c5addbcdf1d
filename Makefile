# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_API := pyside6

.PHONY: run test env fonts desktop-deps bench screenshots screenshots-one-monitor clean lint check dist media-deps

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

env: $(STAMP)

# Chinese text needs a CJK font; best effort (root on Debian), the console still runs without it.
fonts:
	@fc-list 2>/dev/null | grep -qiE 'wqy|noto.*cjk' || \
	 ( command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	   (apt-get update -qq && apt-get install -y -qq fonts-wqy-microhei >/dev/null) ) || \
	 echo "note: no CJK font installed; Chinese text may render as boxes"

# The console on an embedded SQLite demo database with live simulated traffic.
run: env fonts
	$(BIN)/python main.py --demo

# The desktop suite (tests/desktop) runs the real console under Xvfb + openbox and drives it with xdotool;
# Qt's xcb platform needs its X libraries.  Installed when missing (root on Debian, as .ci/run is).
DESKTOP_TOOLS := Xvfb:xvfb openbox:openbox xdotool:xdotool xprop:x11-utils import:imagemagick
QT_XCB_LIBS := libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
  libxcb-xinerama0 libxcb-xkb1 libxcb-shape0 libegl1 libgl1
desktop-deps:
	@need=""; for t in $(DESKTOP_TOOLS); do command -v $${t%%:*} >/dev/null || need="$$need $${t#*:}"; done; \
	 dpkg -s $(QT_XCB_LIBS) >/dev/null 2>&1 || need="$$need $(QT_XCB_LIBS)"; \
	 if [ -n "$$need" ]; then \
	   if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	     apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null; \
	   else echo "note: the desktop suite needs:$$need (apt-get install as root)"; fi; \
	 fi

# Qt Multimedia's Linux build loads libpulse; ffmpeg makes the video tests' clip (tests/gui/widgets/test_video.py);
# pulseaudio gives the alarm-sound test a null sink (tests/gui/shell/test_sound.py). Root on Debian, best effort.
media-deps:
	@if ! command -v ffmpeg >/dev/null || ! command -v pulseaudio >/dev/null || \
	    ! /sbin/ldconfig -p 2>/dev/null | grep -q libpulse.so.0; then \
	   if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	     apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	       ffmpeg libpulse0 pulseaudio >/dev/null || true; \
	   else echo "note: the video and sound tests need ffmpeg, libpulse0, pulseaudio (apt-get install as root)"; fi; \
	 fi

# The whole suite, SQLite and PostgreSQL (127.0.0.1:5432, database `test`), and the desktop suite (a few
# minutes: Xvfb + openbox; screenshots of each step in test-artifacts/desktop/).
test: env fonts desktop-deps media-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Architecture contracts (import-linter), lint and format (ruff), types (mypy): see pyproject.toml.
lint: env
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The fast loop while working: unit tests and the SQLite half of the integration tests, on every core
# (pytest-xdist; 299 tests in 44 s on two cores, 85 s on one).
check: env
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto -m "(unit or integration) and not postgres and not slow"

bench: env
	$(BIN)/python -m bench

# README pictures: every screen of the default layout on an offscreen four-monitor room, demo database.
screenshots: env fonts
	QT_QPA_PLATFORM=offscreen:configfile=resources/offscreen/control-room.json \
	  $(BIN)/python main.py --demo --snapshot docs/screenshots

# README pictures of one monitor (a laptop, a supervisor's desk): every view is a tab; one picture per view.
screenshots-one-monitor: env fonts
	QT_QPA_PLATFORM=offscreen:configfile=resources/offscreen/one-monitor.json \
	  $(BIN)/python main.py --demo --snapshot docs/screenshots/one-monitor

# A standalone bundle for a control-room PC without Python: dist/supervision-console/supervision-console
# (PyInstaller, packaging/supervision-console.spec). Slow, so not part of `make test`; the README says how to
# install it.
DIST_STAMP := $(VENV)/.dist-installed
$(DIST_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[dist]'
	touch $@

dist: $(DIST_STAMP)
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
	  packaging/supervision-console.spec && \
	echo "dist/supervision-console: $$(du -sh dist/supervision-console | cut -f1), built in $$(( $$(date +%s) - start )) s"

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .import_linter_cache build dist

# Long fault drills (2-minute database outages at the production poll interval); `make test` skips them.
.PHONY: soak
soak: env
	CONSOLE_SOAK=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m soak -s
