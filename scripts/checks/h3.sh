#!/usr/bin/env bash
# Golden checks for `ecotrack h3 …` (expected values from h3-py 4.5.0). Usage: h3.sh PATH/TO/ecotrack
set -u
bin="${1:?usage: h3.sh PATH_TO_ECOTRACK}"
failures=0

check() { # name, expected, actual
    if [[ "$2" == "$3" ]]; then
        echo "ok   h3 $1"
    else
        echo "FAIL h3 $1"; echo "  expected: $2"; echo "  actual:   $3"; failures=$((failures + 1))
    fi
}

out=$(printf '37.3615593,-122.0553238,9\n0,0,0\n90,0,15\n-16.5,179.9999,7\n51.5,-0.12,15\n' | "$bin" h3 encode)
check "encode (incl. pole and antimeridian)" $'89283470d93ffff\n8075fffffffffff\n8f0326233ab0399\n879b5dc55ffffff\n8f194ad14d6e352' "$out"

out=$(printf '1,2,3\nnot a point\n1,2,16\n' | "$bin" h3 encode); status=$?
check "encode marks bad lines and exits 1" "1" "$status"
check "encode keeps line alignment" "3" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')"
check "encode error lines" "2" "$(printf '%s\n' "$out" | grep -c '^error: ')"

out=$(printf '8928308280fffff\n' | "$bin" h3 decode)
check "decode centre" "37.776702349435695,-122.41845932318309" "$out"

out=$("$bin" h3 disk 8009fffffffffff 1 | tr '\n' ' ')
check "disk around a pentagon" "8001fffffffffff 8007fffffffffff 8009fffffffffff 8011fffffffffff 8019fffffffffff 801ffffffffffff " "$out"

check "parent" "85283083fffffff" "$("$bin" h3 parent 8928308280fffff 5)"

out=$("$bin" h3 children 85283473fffffff 6 | tr '\n' ' ')
check "children" "862834707ffffff 86283470fffffff 862834717ffffff 86283471fffffff 862834727ffffff 86283472fffffff 862834737ffffff " "$out"

out=$("$bin" h3 boundary 8009fffffffffff)
check "boundary is a closed GeoJSON ring of 5+1 vertices" "6" "$(grep -o '\]' <<<"$out" | wc -l | awk '{print $1 - 2}')"
check "boundary starts at h3's first vertex" "1" "$(grep -c '"coordinates":\[\[\[-10.44497754477' <<<"$out")"

out=$("$bin" h3 boundary 859b5dc7fffffff)
check "a cell across the antimeridian is cut into a MultiPolygon" "1" "$(grep -c '^{"type":"MultiPolygon"' <<<"$out")"
check "the pieces meet on 180 and -180" "2" "$(grep -o '\[-\?180\.0,' <<<"$out" | sort -u | wc -l | tr -d ' ')"
out=$("$bin" h3 boundary 8001fffffffffff)
check "the north pole cell reaches the pole" "1" "$(grep -c '\[180\.0,90\.0\],\[-180\.0,90\.0\]' <<<"$out")"
out=$("$bin" h3 disk 8009fffffffffff 1 | "$bin" h3 outline)
check "outline of a disk is one Polygon" "1" "$(grep -c '^{"type":"Polygon","coordinates":\[\[\[' <<<"$out")"

geo='{"type":"Polygon","coordinates":[[[-122.52,37.77],[-122.52,37.81],[-122.38,37.81],[-122.38,37.70],[-122.52,37.77]]]}'
out=$(printf '%s' "$geo" | "$bin" h3 polyfill --res 7)
check "polyfill count" "20" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')"
check "polyfill first cells" $'87283080cffffff\n872830821ffffff\n872830825ffffff' "$(printf '%s\n' "$out" | head -3)"

if (( failures > 0 )); then echo "h3 checks: $failures failed"; exit 1; fi
echo "h3 checks: all passed"
