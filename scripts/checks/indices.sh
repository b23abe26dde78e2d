#!/usr/bin/env bash
# Golden checks of `ecotrack aqi` and `ecotrack drought-index` (issue #17). Usage: indices.sh path/to/ecotrack
set -u
BIN=${1:?usage: indices.sh path/to/ecotrack}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RECORD="$ROOT/scripts/reference/data/nclimdiv_4503_puget_sound.csv"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILED=0

check() { # name, expected text, command...
    local name=$1 expected=$2
    shift 2
    if ! "$@" > "$WORK/actual" 2> "$WORK/stderr"; then
        echo "FAIL $name: exit code $? ($(head -c 300 "$WORK/stderr"))"
        FAILED=1
    elif ! diff -u <(printf '%s\n' "$expected") "$WORK/actual"; then
        echo "FAIL $name: output differs (above)"
        FAILED=1
    else
        echo "ok   $name"
    fi
}

refuses() { # name, text the error must contain, command...
    local name=$1 needle=$2
    shift 2
    if "$@" > /dev/null 2> "$WORK/stderr"; then
        echo "FAIL $name: exit code 0"
        FAILED=1
    elif grep -qF -- "$needle" "$WORK/stderr"; then
        echo "ok   $name"
    else
        echo "FAIL $name: message lacks '$needle': $(cat "$WORK/stderr")"
        FAILED=1
    fi
}

check "aqi of PM2.5 35.5 is 101" "PM2.5 24h 35.5 µg/m³ → AQI 101 Unhealthy for Sensitive Groups #FF7E00" \
    "$BIN" aqi --pollutant pm25 --averaging 24h --concentration 35.5
check "8-hour ozone above 0.200 ppm has no AQI" \
    "O3 8h 0.21 ppm → no AQI: 8-hour ozone above 0.200 ppm does not define an AQI (TAD Table 6 footnote): compute the AQI from the 1-hour ozone concentration instead." \
    "$BIN" aqi --pollutant o3 --averaging 8h --concentration 0.21
check "reverse of AQI 100 for PM2.5" "AQI 100 (Moderate), PM2.5 24h: 35.2–35.4 µg/m³ (truncated concentrations)" \
    "$BIN" aqi --reverse --pollutant pm25 --averaging 24h --aqi 100
printf 'site,pollutant,averaging,concentration,unit\nA,no2,1h,188.2,ug/m3\nB,so2,1h,400,\n' > "$WORK/readings.csv"
check "aqi over a CSV keeps the rows and adds the index" "site,pollutant,averaging,concentration,unit,truncated_concentration,aqi,category,color,reason
A,no2,1h,188.2,ug/m3,100.0,100,Moderate,#FFFF00,
B,so2,1h,400,,400.0,,,,1-hour SO2 above 304 ppb does not define an AQI (TAD Table 6 footnote): compute the AQI from the 24-hour SO2 average instead." \
    "$BIN" aqi --input "$WORK/readings.csv"
refuses "aqi refuses an unknown pollutant" "Unknown pollutant 'pm26'" "$BIN" aqi --pollutant pm26 --averaging 24h --concentration 3
refuses "aqi refuses a negative concentration" "is negative" "$BIN" aqi --pollutant pm25 --averaging 24h --concentration -3
refuses "aqi refuses ppb for particles" "Unit 'ppb' does not apply to PM2.5" "$BIN" aqi --pollutant pm25 --averaging 24h --concentration 3 --unit ppb

check "SPI-3 of the nClimDiv record starts empty and ends very wet" "month,value,category
1895-01,,
1895-02,,
1895-03,-0.4690,near normal
2015-12,1.7053,very wet" \
    bash -c "'$BIN' drought-index --index spi --scale 3 --input '$RECORD' | sed -n '1,4p;\$p'"
refuses "drought-index refuses scale 0" "Scale 0 is not a number of months" "$BIN" drought-index --index spi --scale 0 --input "$RECORD"
head -121 "$RECORD" > "$WORK/short.csv"
refuses "drought-index refuses a 10-year record" "The record has 10 years of data at scale 3" \
    "$BIN" drought-index --index spi --scale 3 --input "$WORK/short.csv"
refuses "drought-index names a missing file and its columns" "No file at '$WORK/none.csv'; expected a monthly CSV with columns month (YYYY-MM), precip_mm" \
    "$BIN" drought-index --index spi --scale 3 --input "$WORK/none.csv"
exit $FAILED
