// A small real extract for the strategic indicator tests: five Hertfordshire schools as the bundled
// files hold them (datasets/bundles/919.json): census and absence from 919_census.csv / 919_abs.csv (2023/24)
// and england_*.csv (2018/19, 2014/15), KS2 and KS4 from 919_ks2final.csv / 919_ks4final.csv (2024/25 files,
// whose prior-year blocks give 2022/23 and 2023/24) and england_ks4provisional.csv, inspections from the
// 'with_ofsted' 2018/19 files. Read back through the importers and cut to what was published by 2025-09-01.
import type { EvidenceRow } from './indicators.js';

export const EXTRACT_AS_OF = '2025-09-01';

export const EXTRACT: readonly EvidenceRow[] = [
  {
    "urn": 117091,
    "name": "Holdbrook Primary School and Nursery",
    "district": "Broxbourne",
    "phase": "primary",
    "type": "maintained",
    "observations": [
      {
        "urn": 117091,
        "measure": "absence.overall_pct",
        "academicYear": "2014/15",
        "value": 5.9,
        "status": "ok",
        "raw": "5.9",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.mat_progress",
        "academicYear": "2018/19",
        "value": 2.5,
        "status": "ok",
        "raw": "2.5",
        "cohort": null,
        "source": "england_ks2final_with_ofsted.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.read_progress",
        "academicYear": "2018/19",
        "value": -0.9,
        "status": "ok",
        "raw": "-0.9",
        "cohort": null,
        "source": "england_ks2final_with_ofsted.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.writ_progress",
        "academicYear": "2018/19",
        "value": -1.8,
        "status": "ok",
        "raw": "-1.8",
        "cohort": null,
        "source": "england_ks2final_with_ofsted.csv"
      },
      {
        "urn": 117091,
        "measure": "census.pupils",
        "academicYear": "2018/19",
        "value": 182,
        "status": "ok",
        "raw": "182",
        "cohort": null,
        "source": "england_census.csv"
      },
      {
        "urn": 117091,
        "measure": "absence.overall_pct",
        "academicYear": "2018/19",
        "value": 4.6,
        "status": "ok",
        "raw": "4.6",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117091,
        "measure": "absence.persistent_10_pct",
        "academicYear": "2018/19",
        "value": 11.3,
        "status": "ok",
        "raw": "11.3",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.read_progress",
        "academicYear": "2023/24",
        "value": null,
        "status": "not_published",
        "raw": "",
        "cohort": 21,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.writ_progress",
        "academicYear": "2023/24",
        "value": null,
        "status": "not_published",
        "raw": "",
        "cohort": 21,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.mat_progress",
        "academicYear": "2023/24",
        "value": null,
        "status": "not_published",
        "raw": "",
        "cohort": 21,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.mat_progress",
        "academicYear": "2022/23",
        "value": 3.1,
        "status": "ok",
        "raw": "3.1",
        "cohort": 23,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.read_progress",
        "academicYear": "2022/23",
        "value": 2.1,
        "status": "ok",
        "raw": "2.1",
        "cohort": 23,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.rwm_expected_pct",
        "academicYear": "2022/23",
        "value": 57,
        "status": "ok",
        "raw": "57%",
        "cohort": 23,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.rwm_expected_pct",
        "academicYear": "2023/24",
        "value": 48,
        "status": "ok",
        "raw": "48%",
        "cohort": 21,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.rwm_expected_pct_disadv",
        "academicYear": "2022/23",
        "value": 47,
        "status": "ok",
        "raw": "47%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.rwm_expected_pct_disadv",
        "academicYear": "2023/24",
        "value": 45,
        "status": "ok",
        "raw": "45%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.rwm_expected_pct_non_disadv",
        "academicYear": "2022/23",
        "value": 83,
        "status": "ok",
        "raw": "83%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.rwm_expected_pct_non_disadv",
        "academicYear": "2023/24",
        "value": 50,
        "status": "ok",
        "raw": "50%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "ks2.writ_progress",
        "academicYear": "2022/23",
        "value": 1.5,
        "status": "ok",
        "raw": "1.5",
        "cohort": 23,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117091,
        "measure": "census.pupils",
        "academicYear": "2023/24",
        "value": 205,
        "status": "ok",
        "raw": "205",
        "cohort": null,
        "source": "919_census.csv"
      },
      {
        "urn": 117091,
        "measure": "absence.overall_pct",
        "academicYear": "2023/24",
        "value": 5.4,
        "status": "ok",
        "raw": "5.4",
        "cohort": null,
        "source": "919_abs.csv"
      },
      {
        "urn": 117091,
        "measure": "absence.persistent_10_pct",
        "academicYear": "2023/24",
        "value": 17.3,
        "status": "ok",
        "raw": "17.3",
        "cohort": null,
        "source": "919_abs.csv"
      }
    ],
    "inspections": [
      {
        "urn": 117091,
        "inspectionDate": "2018-02-27",
        "inspectionType": "graded",
        "era": "four-grade",
        "overallEffectiveness": 3,
        "categoryOfConcern": null,
        "source": "england_ks2final_with_ofsted.csv"
      }
    ],
    "categories": []
  },
  {
    "urn": 117092,
    "name": "Four Swannes Primary School",
    "district": "Broxbourne",
    "phase": "primary",
    "type": "maintained",
    "observations": [
      {
        "urn": 117092,
        "measure": "absence.overall_pct",
        "academicYear": "2014/15",
        "value": 7.5,
        "status": "ok",
        "raw": "7.5",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.mat_progress",
        "academicYear": "2018/19",
        "value": -1.2,
        "status": "ok",
        "raw": "-1.2",
        "cohort": null,
        "source": "england_ks2final_with_ofsted.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.read_progress",
        "academicYear": "2018/19",
        "value": -1.2,
        "status": "ok",
        "raw": "-1.2",
        "cohort": null,
        "source": "england_ks2final_with_ofsted.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.writ_progress",
        "academicYear": "2018/19",
        "value": 4.3,
        "status": "ok",
        "raw": "4.3",
        "cohort": null,
        "source": "england_ks2final_with_ofsted.csv"
      },
      {
        "urn": 117092,
        "measure": "census.pupils",
        "academicYear": "2018/19",
        "value": 185,
        "status": "ok",
        "raw": "185",
        "cohort": null,
        "source": "england_census.csv"
      },
      {
        "urn": 117092,
        "measure": "absence.overall_pct",
        "academicYear": "2018/19",
        "value": 5.4,
        "status": "ok",
        "raw": "5.4",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117092,
        "measure": "absence.persistent_10_pct",
        "academicYear": "2018/19",
        "value": 16.4,
        "status": "ok",
        "raw": "16.4",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.read_progress",
        "academicYear": "2023/24",
        "value": null,
        "status": "not_published",
        "raw": "",
        "cohort": 28,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.writ_progress",
        "academicYear": "2023/24",
        "value": null,
        "status": "not_published",
        "raw": "",
        "cohort": 28,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.mat_progress",
        "academicYear": "2023/24",
        "value": null,
        "status": "not_published",
        "raw": "",
        "cohort": 28,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.mat_progress",
        "academicYear": "2022/23",
        "value": 1.6,
        "status": "ok",
        "raw": "1.6",
        "cohort": 26,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.read_progress",
        "academicYear": "2022/23",
        "value": 2.9,
        "status": "ok",
        "raw": "2.9",
        "cohort": 26,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.rwm_expected_pct",
        "academicYear": "2022/23",
        "value": 38,
        "status": "ok",
        "raw": "38%",
        "cohort": 26,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.rwm_expected_pct",
        "academicYear": "2023/24",
        "value": 32,
        "status": "ok",
        "raw": "32%",
        "cohort": 28,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.rwm_expected_pct_disadv",
        "academicYear": "2022/23",
        "value": 25,
        "status": "ok",
        "raw": "25%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.rwm_expected_pct_disadv",
        "academicYear": "2023/24",
        "value": 38,
        "status": "ok",
        "raw": "38%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.rwm_expected_pct_non_disadv",
        "academicYear": "2022/23",
        "value": 44,
        "status": "ok",
        "raw": "44%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.rwm_expected_pct_non_disadv",
        "academicYear": "2023/24",
        "value": 30,
        "status": "ok",
        "raw": "30%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "ks2.writ_progress",
        "academicYear": "2022/23",
        "value": 1.3,
        "status": "ok",
        "raw": "1.3",
        "cohort": 26,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117092,
        "measure": "census.pupils",
        "academicYear": "2023/24",
        "value": 209,
        "status": "ok",
        "raw": "209",
        "cohort": null,
        "source": "919_census.csv"
      },
      {
        "urn": 117092,
        "measure": "absence.overall_pct",
        "academicYear": "2023/24",
        "value": 8.1,
        "status": "ok",
        "raw": "8.1",
        "cohort": null,
        "source": "919_abs.csv"
      },
      {
        "urn": 117092,
        "measure": "absence.persistent_10_pct",
        "academicYear": "2023/24",
        "value": 30.2,
        "status": "ok",
        "raw": "30.2",
        "cohort": null,
        "source": "919_abs.csv"
      }
    ],
    "inspections": [
      {
        "urn": 117092,
        "inspectionDate": "2019-06-11",
        "inspectionType": "graded",
        "era": "four-grade",
        "overallEffectiveness": 2,
        "categoryOfConcern": null,
        "source": "england_ks2final_with_ofsted.csv"
      }
    ],
    "categories": []
  },
  {
    "urn": 117180,
    "name": "Hurst Drive Primary School",
    "district": "Broxbourne",
    "phase": "primary",
    "type": "maintained",
    "observations": [
      {
        "urn": 117180,
        "measure": "absence.overall_pct",
        "academicYear": "2014/15",
        "value": 5.9,
        "status": "ok",
        "raw": "5.9",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.mat_progress",
        "academicYear": "2018/19",
        "value": 0.7,
        "status": "ok",
        "raw": "0.7",
        "cohort": null,
        "source": "england_ks2final_with_ofsted.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.read_progress",
        "academicYear": "2018/19",
        "value": -1,
        "status": "ok",
        "raw": "-1",
        "cohort": null,
        "source": "england_ks2final_with_ofsted.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.writ_progress",
        "academicYear": "2018/19",
        "value": 1.6,
        "status": "ok",
        "raw": "1.6",
        "cohort": null,
        "source": "england_ks2final_with_ofsted.csv"
      },
      {
        "urn": 117180,
        "measure": "census.pupils",
        "academicYear": "2018/19",
        "value": 391,
        "status": "ok",
        "raw": "391",
        "cohort": null,
        "source": "england_census.csv"
      },
      {
        "urn": 117180,
        "measure": "absence.overall_pct",
        "academicYear": "2018/19",
        "value": 4.9,
        "status": "ok",
        "raw": "4.9",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117180,
        "measure": "absence.persistent_10_pct",
        "academicYear": "2018/19",
        "value": 12.4,
        "status": "ok",
        "raw": "12.4",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.read_progress",
        "academicYear": "2023/24",
        "value": null,
        "status": "not_published",
        "raw": "",
        "cohort": 49,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.writ_progress",
        "academicYear": "2023/24",
        "value": null,
        "status": "not_published",
        "raw": "",
        "cohort": 49,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.mat_progress",
        "academicYear": "2023/24",
        "value": null,
        "status": "not_published",
        "raw": "",
        "cohort": 49,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.mat_progress",
        "academicYear": "2022/23",
        "value": -2.6,
        "status": "ok",
        "raw": "-2.6",
        "cohort": 56,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.read_progress",
        "academicYear": "2022/23",
        "value": -3,
        "status": "ok",
        "raw": "-3.0",
        "cohort": 56,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.rwm_expected_pct",
        "academicYear": "2022/23",
        "value": 36,
        "status": "ok",
        "raw": "36%",
        "cohort": 56,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.rwm_expected_pct",
        "academicYear": "2023/24",
        "value": 51,
        "status": "ok",
        "raw": "51%",
        "cohort": 49,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.rwm_expected_pct_disadv",
        "academicYear": "2022/23",
        "value": 33,
        "status": "ok",
        "raw": "33%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.rwm_expected_pct_disadv",
        "academicYear": "2023/24",
        "value": 40,
        "status": "ok",
        "raw": "40%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.rwm_expected_pct_non_disadv",
        "academicYear": "2022/23",
        "value": 38,
        "status": "ok",
        "raw": "38%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.rwm_expected_pct_non_disadv",
        "academicYear": "2023/24",
        "value": 59,
        "status": "ok",
        "raw": "59%",
        "cohort": null,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "ks2.writ_progress",
        "academicYear": "2022/23",
        "value": -1.8,
        "status": "ok",
        "raw": "-1.8",
        "cohort": 56,
        "source": "919_ks2final.csv"
      },
      {
        "urn": 117180,
        "measure": "census.pupils",
        "academicYear": "2023/24",
        "value": 381,
        "status": "ok",
        "raw": "381",
        "cohort": null,
        "source": "919_census.csv"
      },
      {
        "urn": 117180,
        "measure": "absence.overall_pct",
        "academicYear": "2023/24",
        "value": 5.3,
        "status": "ok",
        "raw": "5.3",
        "cohort": null,
        "source": "919_abs.csv"
      },
      {
        "urn": 117180,
        "measure": "absence.persistent_10_pct",
        "academicYear": "2023/24",
        "value": 14.4,
        "status": "ok",
        "raw": "14.4",
        "cohort": null,
        "source": "919_abs.csv"
      }
    ],
    "inspections": [
      {
        "urn": 117180,
        "inspectionDate": "2017-06-07",
        "inspectionType": "graded",
        "era": "four-grade",
        "overallEffectiveness": 2,
        "categoryOfConcern": null,
        "source": "england_ks2final_with_ofsted.csv"
      }
    ],
    "categories": []
  },
  {
    "urn": 117552,
    "name": "The Astley Cooper School",
    "district": "Dacorum",
    "phase": "secondary",
    "type": "maintained",
    "observations": [
      {
        "urn": 117552,
        "measure": "absence.overall_pct",
        "academicYear": "2014/15",
        "value": 7.8,
        "status": "ok",
        "raw": "7.8",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117552,
        "measure": "ks4.progress8",
        "academicYear": "2018/19",
        "value": -0.3,
        "status": "ok",
        "raw": "-0.3",
        "cohort": 69,
        "source": "england_ks4provisional.csv"
      },
      {
        "urn": 117552,
        "measure": "ks4.attainment8",
        "academicYear": "2018/19",
        "value": 41.2,
        "status": "ok",
        "raw": "41.2",
        "cohort": 74,
        "source": "england_ks4provisional.csv"
      },
      {
        "urn": 117552,
        "measure": "census.pupils",
        "academicYear": "2018/19",
        "value": 566,
        "status": "ok",
        "raw": "566",
        "cohort": null,
        "source": "england_census.csv"
      },
      {
        "urn": 117552,
        "measure": "absence.overall_pct",
        "academicYear": "2018/19",
        "value": 5.7,
        "status": "ok",
        "raw": "5.7",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117552,
        "measure": "absence.persistent_10_pct",
        "academicYear": "2018/19",
        "value": 13.4,
        "status": "ok",
        "raw": "13.4",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117552,
        "measure": "ks4.progress8",
        "academicYear": "2023/24",
        "value": -0.6,
        "status": "ok",
        "raw": "-0.6",
        "cohort": 162,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117552,
        "measure": "ks4.attainment8",
        "academicYear": "2023/24",
        "value": 37.2,
        "status": "ok",
        "raw": "37.2",
        "cohort": null,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117552,
        "measure": "ks4.attainment8_disadv",
        "academicYear": "2023/24",
        "value": 26.8,
        "status": "ok",
        "raw": "26.8",
        "cohort": 54,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117552,
        "measure": "ks4.attainment8_non_disadv",
        "academicYear": "2023/24",
        "value": 42.1,
        "status": "ok",
        "raw": "42.1",
        "cohort": 114,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117552,
        "measure": "ks4.progress8",
        "academicYear": "2022/23",
        "value": -0.82,
        "status": "ok",
        "raw": "-0.82",
        "cohort": 124,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117552,
        "measure": "ks4.attainment8",
        "academicYear": "2022/23",
        "value": 35.7,
        "status": "ok",
        "raw": "35.7",
        "cohort": null,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117552,
        "measure": "ks4.attainment8_disadv",
        "academicYear": "2022/23",
        "value": 28.2,
        "status": "ok",
        "raw": "28.2",
        "cohort": 47,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117552,
        "measure": "ks4.attainment8_non_disadv",
        "academicYear": "2022/23",
        "value": 39.7,
        "status": "ok",
        "raw": "39.7",
        "cohort": 88,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117552,
        "measure": "census.pupils",
        "academicYear": "2023/24",
        "value": 965,
        "status": "ok",
        "raw": "965",
        "cohort": null,
        "source": "919_census.csv"
      },
      {
        "urn": 117552,
        "measure": "absence.overall_pct",
        "academicYear": "2023/24",
        "value": 12.7,
        "status": "ok",
        "raw": "12.7",
        "cohort": null,
        "source": "919_abs.csv"
      },
      {
        "urn": 117552,
        "measure": "absence.persistent_10_pct",
        "academicYear": "2023/24",
        "value": 37.9,
        "status": "ok",
        "raw": "37.9",
        "cohort": null,
        "source": "919_abs.csv"
      }
    ],
    "inspections": [
      {
        "urn": 117552,
        "inspectionDate": "2016-06-08",
        "inspectionType": "graded",
        "era": "four-grade",
        "overallEffectiveness": 2,
        "categoryOfConcern": null,
        "source": "england_ks4final_with_ofsted.csv"
      }
    ],
    "categories": []
  },
  {
    "urn": 117578,
    "name": "Ashlyns School",
    "district": "Dacorum",
    "phase": "secondary",
    "type": "maintained",
    "observations": [
      {
        "urn": 117578,
        "measure": "absence.overall_pct",
        "academicYear": "2014/15",
        "value": 5.5,
        "status": "ok",
        "raw": "5.5",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117578,
        "measure": "ks4.progress8",
        "academicYear": "2018/19",
        "value": 0.37,
        "status": "ok",
        "raw": "0.37",
        "cohort": 193,
        "source": "england_ks4provisional.csv"
      },
      {
        "urn": 117578,
        "measure": "ks4.attainment8",
        "academicYear": "2018/19",
        "value": 51.5,
        "status": "ok",
        "raw": "51.5",
        "cohort": 207,
        "source": "england_ks4provisional.csv"
      },
      {
        "urn": 117578,
        "measure": "census.pupils",
        "academicYear": "2018/19",
        "value": 1337,
        "status": "ok",
        "raw": "1337",
        "cohort": null,
        "source": "england_census.csv"
      },
      {
        "urn": 117578,
        "measure": "absence.overall_pct",
        "academicYear": "2018/19",
        "value": 6.5,
        "status": "ok",
        "raw": "6.5",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117578,
        "measure": "absence.persistent_10_pct",
        "academicYear": "2018/19",
        "value": 18.5,
        "status": "ok",
        "raw": "18.5",
        "cohort": null,
        "source": "england_abs.csv"
      },
      {
        "urn": 117578,
        "measure": "ks4.progress8",
        "academicYear": "2023/24",
        "value": 0.36,
        "status": "ok",
        "raw": "0.36",
        "cohort": 228,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117578,
        "measure": "ks4.attainment8",
        "academicYear": "2023/24",
        "value": 53.8,
        "status": "ok",
        "raw": "53.8",
        "cohort": null,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117578,
        "measure": "ks4.attainment8_disadv",
        "academicYear": "2023/24",
        "value": 38.1,
        "status": "ok",
        "raw": "38.1",
        "cohort": 36,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117578,
        "measure": "ks4.attainment8_non_disadv",
        "academicYear": "2023/24",
        "value": 56.5,
        "status": "ok",
        "raw": "56.5",
        "cohort": 206,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117578,
        "measure": "ks4.progress8",
        "academicYear": "2022/23",
        "value": 0.28,
        "status": "ok",
        "raw": "0.28",
        "cohort": 223,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117578,
        "measure": "ks4.attainment8",
        "academicYear": "2022/23",
        "value": 52,
        "status": "ok",
        "raw": "52",
        "cohort": null,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117578,
        "measure": "ks4.attainment8_disadv",
        "academicYear": "2022/23",
        "value": 34.6,
        "status": "ok",
        "raw": "34.6",
        "cohort": 31,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117578,
        "measure": "ks4.attainment8_non_disadv",
        "academicYear": "2022/23",
        "value": 54.7,
        "status": "ok",
        "raw": "54.7",
        "cohort": 203,
        "source": "919_ks4final.csv"
      },
      {
        "urn": 117578,
        "measure": "census.pupils",
        "academicYear": "2023/24",
        "value": 1546,
        "status": "ok",
        "raw": "1546",
        "cohort": null,
        "source": "919_census.csv"
      },
      {
        "urn": 117578,
        "measure": "absence.overall_pct",
        "academicYear": "2023/24",
        "value": 8.7,
        "status": "ok",
        "raw": "8.7",
        "cohort": null,
        "source": "919_abs.csv"
      },
      {
        "urn": 117578,
        "measure": "absence.persistent_10_pct",
        "academicYear": "2023/24",
        "value": 23.8,
        "status": "ok",
        "raw": "23.8",
        "cohort": null,
        "source": "919_abs.csv"
      }
    ],
    "inspections": [
      {
        "urn": 117578,
        "inspectionDate": "2014-09-18",
        "inspectionType": "graded",
        "era": "four-grade",
        "overallEffectiveness": 2,
        "categoryOfConcern": null,
        "source": "england_ks4final_with_ofsted.csv"
      }
    ],
    "categories": []
  }
];
