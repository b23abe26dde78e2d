"""Loads the same year of hourly temperature (one station) into a server: JSON arrays of 1,000
readings, epoch-ms times. Prints the station's resolution-15 cell. Usage: load_year.py URL KEY"""
import json, math, sys, urllib.request

url, key = sys.argv[1], sys.argv[2]
lat, lng = 45.0, 5.0
t0 = 1704067200000  # 2024-01-01T00:00:00Z
readings = [{"variable": "temperature_2m", "value": round(10 + 8 * math.sin(h / 24 * 2 * math.pi) + (h % 7) * 0.1, 3),
             "observedAt": t0 + h * 3_600_000, "lat": lat, "lng": lng, "stationId": "year"} for h in range(8784)]
for start in range(0, len(readings), 1000):
    body = json.dumps(readings[start:start + 1000]).encode()
    request = urllib.request.Request(url + "/api/v1/observations", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + key})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200, response.status
import h3
print(h3.latlng_to_cell(lat, lng, 15))
