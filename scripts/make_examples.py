#!/usr/bin/env python3
"""Generate the example files in examples/: a POA&M and an SSP implementation-status sheet
of a fictional small defense subcontractor, Harbor Point Machining LLC.

    python3 scripts/make_examples.py        (needs openpyxl)

Writes examples/poam.xlsx, examples/poam.csv, examples/ssp.xlsx, examples/ssp.csv and
examples/README.md. The output is deterministic: running it twice gives the same CSV and
README bytes, and the XLSX files are re-zipped with fixed entry times so that they do too.

Everything is dated relative to a fixed "today" of 2026-11-26 (AS_OF) and a Conditional
Level 2 (Self) status date of 2026-09-15 (CONDITIONAL), so the closeout deadline is
2027-03-14 (+180 days, 32 CFR 170.21(b)).

The POA&M is mostly good work, with a few weaknesses planted on purpose. Each planted
weakness is listed in PLANTED below with the rule it must trigger; README.md is written
from that list, with the cell of each finding in the XLSX and the line in the CSV.
"""

import csv
import datetime as dt
import io
import os
import re
import sys
import zipfile

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation
except ImportError:  # pragma: no cover
    sys.exit("make_examples.py needs openpyxl: pip install openpyxl")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "examples")
CATALOG = os.path.join(ROOT, "src", "catalog", "nist171r2.csv")

AS_OF = dt.date(2026, 11, 26)
CONDITIONAL = dt.date(2026, 9, 15)
CLOSEOUT = CONDITIONAL + dt.timedelta(days=180)  # 32 CFR 170.21(b)

COMPANY = "Harbor Point Machining LLC"
SYSTEM = "HPM CUI Enclave"

D = dt.date

POAM_COLUMNS = [
    "POA&M ID",
    "NIST Control Reference",
    "Weakness Description",
    "Severity",
    "Remediation Plan",
    "Owner",
    "Resources Required",
    "Start Date",
    "Milestones",
    "Scheduled Completion Date",
    "Status",
    "Status Date",
    "Verification Evidence",
    "Comments",
]
DATE_COLUMNS = ["Start Date", "Scheduled Completion Date", "Status Date"]
STATUSES = ["Open", "In Progress", "Delayed", "Closed", "Risk Accepted"]
SEVERITIES = ["Low", "Moderate", "High", "Critical"]

# Owners (named people with their role; one planted generic owner "IT").
DANA = "Dana Whitfield, IT Manager"
MARCUS = "Marcus Lee, Systems Administrator"
KEVIN = "Kevin Ortiz (Bluewater Technology Partners)"
PRIYA = "Priya Raman, Facility Security Officer"
TOM = "Tom Alvarez, Operations Manager"
FRANK = "Frank Doyle, President"


def item(**kw):
    row = {c: None for c in POAM_COLUMNS}
    row.update(kw)
    return row


# One dict per POA&M row, keyed by column header.
ITEMS = [
    item(**{
        "POA&M ID": "POAM-AC-001",
        "NIST Control Reference": "AC.L2-3.1.8",
        "Weakness Description": "Account lockout not enforced on shop-floor workstations: the "
        "lockout threshold in the GPO linked to the ShopFloor OU was 0 (never lock). Found in "
        "the August 2026 self-assessment.",
        "Severity": "Moderate",
        "Remediation Plan": "Set Account Lockout Threshold to 5 invalid attempts, lockout "
        "duration 30 minutes and counter reset 30 minutes in GPO HPM-Workstation-Baseline, "
        "link it to the ShopFloor OU, and verify with gpresult on three sample machines.",
        "Owner": MARCUS,
        "Resources Required": "4 staff-hours; no purchase",
        "Start Date": D(2026, 8, 18),
        "Milestones": "[x] 2026-08-25: GPO change approved at the IT change meeting\n"
        "[x] 2026-09-02: GPO linked to ShopFloor OU; gpresult captured on WS-CNC-02, -04, -07",
        "Scheduled Completion Date": D(2026, 9, 2),
        "Status": "Closed",
        "Status Date": D(2026, 9, 3),
        "Verification Evidence": "evidence/AC/3.1.8-lockout-gpo.png\n"
        "evidence/AC/3.1.8-gpresult-WS-CNC-04.txt",
        "Comments": "Verified by D. Whitfield on 2026-09-03.",
    }),
    item(**{
        "POA&M ID": "POAM-AC-002",
        "NIST Control Reference": "AC.L2-3.1.10",
        "Weakness Description": "Session lock disabled on 6 of 14 CAD/CAM workstations "
        "(local policy, to avoid interrupting long toolpath simulations); no pattern-hiding "
        "lock after inactivity.",
        "Severity": "Low",
        "Remediation Plan": "Apply a 15-minute inactivity lock with a pattern-hiding screen "
        "saver by GPO to the Engineering OU; move unattended simulations to the isolated "
        "render PC under a supervisor-approved exception.",
        "Owner": DANA,
        "Resources Required": "6 staff-hours; no purchase",
        "Start Date": D(2026, 9, 8),
        "Milestones": "[x] 2026-10-06: Engineering leads agree on a 15-minute timeout\n"
        "2026-12-04: GPO applied to the Engineering OU\n"
        "2026-12-11: Spot-check 6 workstations and capture screenshots",
        "Scheduled Completion Date": D(2026, 12, 18),
        "Status": "In Progress",
        "Status Date": D(2026, 11, 20),
        "Comments": "Render PC RND-01 is off the domain and holds no CUI.",
    }),
    item(**{
        "POA&M ID": "POAM-AC-003",
        "NIST Control Reference": "AC.L2-3.1.15",
        "Weakness Description": "Remote execution of privileged commands is not authorized: "
        "the managed service provider reaches servers through ScreenConnect with standing "
        "administrator rights, and no document says which privileged commands may be run "
        "remotely or by whom.",
        "Severity": "Moderate",
        "Remediation Plan": "Document remote privileged access in section 4 of the Remote "
        "Access Standard; restrict ScreenConnect administrator sessions to jump host "
        "HPM-JMP01 with per-session approval by the IT Manager and session recording.",
        "Owner": KEVIN,
        "Resources Required": "12 provider hours ($1,680); session recording is in the "
        "current ScreenConnect licence",
        "Start Date": D(2026, 9, 15),
        "Milestones": "[x] 2026-10-20: Remote Access Standard section 4 drafted and reviewed\n"
        "2026-12-10: Jump host HPM-JMP01 built; ScreenConnect restricted to it\n"
        "2027-01-15: Session approval and recording on; first monthly review",
        "Scheduled Completion Date": D(2027, 1, 29),
        "Status": "In Progress",
        "Status Date": D(2026, 11, 18),
    }),
    item(**{
        "POA&M ID": "POAM-AC-004",
        "NIST Control Reference": "AC.L2-3.1.21",
        "Weakness Description": "Portable storage is not limited: USB mass storage works on "
        "every workstation; CNC programs reach the 2009 Haas VF-2 by USB stick, and personal "
        "drives have been seen in use.",
        "Severity": "Moderate",
        "Remediation Plan": "Block USB mass storage with an Intune device-control policy "
        "except on the two DNC transfer stations; issue four company-owned encrypted drives "
        "(Kingston IronKey) for CNC transfers, each recorded in the media log.",
        "Owner": PRIYA,
        "Resources Required": "$640 for 4 IronKey drives; 8 staff-hours",
        "Start Date": D(2026, 9, 22),
        "Milestones": "[x] 2026-10-28: IronKey drives bought and entered in the media log\n"
        "2026-12-07: Intune device-control policy in audit mode\n"
        "2027-01-11: Policy enforced; exception list approved",
        "Scheduled Completion Date": D(2027, 1, 22),
        "Status": "In Progress",
        "Status Date": D(2026, 11, 16),
    }),
    item(**{
        "POA&M ID": "POAM-AU-001",
        "NIST Control Reference": "AU.L2-3.3.4",
        "Weakness Description": "No alert when audit logging fails: event forwarding to the "
        "Wazuh server stops silently when the collector disk fills (July 2026: 9 days of "
        "logs lost).",
        "Severity": "Moderate",
        "Remediation Plan": "Enable Wazuh agent-disconnect alerts and an 80 % disk-usage alert "
        "that e-mail the IT Manager and open a provider ticket; add a weekly log-ingestion "
        "check to the IT checklist.",
        "Owner": MARCUS,
        "Resources Required": "10 staff-hours; 500 GB disk expansion ($210)",
        "Start Date": D(2026, 9, 10),
        "Milestones": "[x] 2026-10-15: Collector disk expanded to 1 TB\n"
        "2026-12-02: Agent-disconnect and disk alerts enabled\n"
        "2026-12-16: Alert test: stop the agent on WS-ENG-02, confirm e-mail and ticket",
        "Scheduled Completion Date": D(2026, 12, 23),
        "Status": "In Progress",
        "Status Date": D(2026, 11, 19),
    }),
    item(**{
        "POA&M ID": "POAM-AU-002",
        "NIST Control Reference": "AU.L2-3.3.8",
        "Weakness Description": "Audit logs readable and deletable by all Domain Users through "
        "the open share \\\\HPM-LOG01\\logs.",
        "Severity": "High",
        "Remediation Plan": "Remove the share; restrict the log folders to the Log Admins "
        "group; keep log backups under immutable retention.",
        "Owner": MARCUS,
        "Resources Required": "3 staff-hours; no purchase",
        "Start Date": D(2026, 8, 20),
        "Milestones": "[x] 2026-08-27: Share removed and NTFS permissions corrected",
        "Scheduled Completion Date": D(2026, 8, 29),
        "Status": "Closed",
        "Status Date": D(2026, 8, 29),
        "Comments": "Closed per M. Lee.",
    }),
    item(**{
        "POA&M ID": "POAM-CM-001",
        "NIST Control Reference": "CM.L2-3.4.9",
        "Weakness Description": "Users can install software: standard users on office PCs "
        "are local administrators (left over from the ERP install), and unapproved software "
        "(freeware PDF editors, a personal Dropbox client) is on 9 of 31 PCs.",
        "Severity": "Moderate",
        "Remediation Plan": "Remove local administrator rights with LAPS and Intune; publish "
        "the approved software list; route install requests through the help desk with IT "
        "Manager approval; uninstall what the Intune discovered-apps report flags.",
        "Owner": "IT",
        "Resources Required": "20 staff-hours; no purchase",
        "Start Date": D(2026, 9, 15),
        "Milestones": "[x] 2026-10-09: Discovered-apps report reviewed; 14 unapproved titles\n"
        "2026-12-12: Local administrator rights removed on office PCs\n"
        "2027-01-23: Unapproved software removed; approved list published",
        "Scheduled Completion Date": D(2027, 2, 5),
        "Status": "Open",
        "Status Date": D(2026, 11, 13),
    }),
    item(**{
        "POA&M ID": "POAM-IA-001",
        "NIST Control Reference": "IA.L2-3.5.3",
        "Weakness Description": "Multifactor authentication only partly in place: Microsoft "
        "365 GCC High, the VPN and all privileged accounts require MFA, but local and "
        "network logons by non-privileged users to CUI workstations and file server "
        "HPM-FS01 use a password only.",
        "Severity": "High",
        "Remediation Plan": "Deploy Duo for Windows Logon (console and RDP) to all 38 CUI "
        "workstations and HPM-FS01; enrol all 41 users, with YubiKeys for shop-floor kiosks "
        "(no phones on the floor); enforce after a two-week grace period.",
        "Owner": DANA,
        "Resources Required": "41 Duo licences ($3,690 a year); 12 YubiKeys ($660); "
        "60 staff-hours",
        "Start Date": D(2026, 9, 15),
        "Milestones": "[x] 2026-11-06: Duo Windows Logon pilot on 5 engineering workstations\n"
        "2027-01-15: Rollout to office and engineering PCs\n"
        "2027-03-05: Shop-floor kiosks with YubiKeys\n"
        "2027-04-16: Enforcement; password-only fallback removed",
        "Scheduled Completion Date": D(2027, 4, 30),
        "Status": "In Progress",
        "Status Date": D(2026, 11, 20),
        "Comments": "Pilot feedback good; kiosk tokens ordered.",
    }),
    item(**{
        "POA&M ID": "POAM-IA-002",
        "NIST Control Reference": "IA.L2-3.5.8",
        "Weakness Description": "Password reuse is not prohibited: the domain password policy "
        "remembers 0 previous passwords.",
        "Severity": "Low",
        "Remediation Plan": "Harden system",
        "Owner": MARCUS,
        "Resources Required": "2 staff-hours; no purchase",
        "Start Date": D(2026, 9, 15),
        "Milestones": "2026-12-05: Change applied",
        "Scheduled Completion Date": D(2026, 12, 12),
        "Status": "Open",
        "Status Date": D(2026, 11, 13),
    }),
    item(**{
        "POA&M ID": "POAM-IR-001",
        "NIST Control Reference": "IR.L2-3.6.3",
        "Weakness Description": "The incident response capability has never been tested, and "
        "the IR plan (v1.2, 2025) names a former employee as incident lead.",
        "Severity": "Moderate",
        "Remediation Plan": "Issue IR plan v1.3 with current roles and the DFARS 252.204-7012 "
        "72-hour reporting steps; run a tabletop exercise (ransomware on the DNC server) with "
        "the President, IT, the provider and the Quality Manager; record lessons learned.",
        "Owner": DANA,
        "Resources Required": "12 staff-hours across 6 people; 4 provider hours ($560)",
        "Start Date": D(2026, 10, 1),
        "Milestones": "[x] 2026-11-13: IR plan v1.3 approved by the President\n"
        "2027-01-20: Tabletop exercise\n"
        "2027-02-03: After-action report and plan updates",
        "Scheduled Completion Date": D(2027, 2, 10),
        "Status": "In Progress",
        "Status Date": D(2026, 11, 13),
        "Verification Evidence": "evidence/IR/3.6.3-ir-plan-v1.3-signed.pdf",
    }),
    item(**{
        "POA&M ID": "POAM-MP-001",
        "NIST Control Reference": "MP.L2-3.8.9",
        "Weakness Description": "Backup CUI not protected at its storage location: weekly "
        "file-server backups were copied to an unencrypted USB disk that the Operations "
        "Manager took home.",
        "Severity": "High",
        "Remediation Plan": "Replace the take-home disk with an encrypted Veeam backup copy job "
        "to an immutable Wasabi bucket; wipe and destroy the USB disk and file the "
        "destruction certificate.",
        "Owner": TOM,
        "Resources Required": "Wasabi storage $90 a month; 16 staff-hours",
        "Start Date": D(2026, 9, 1),
        "Milestones": "[x] 2026-09-30: Wasabi account and immutable bucket created\n"
        "[x] 2026-10-21: Encrypted copy job running nightly\n"
        "[x] 2026-11-04: Restore test from the cloud copy",
        "Scheduled Completion Date": D(2026, 11, 10),
        "Status": "In Progress",
        "Status Date": D(2026, 11, 12),
        "Verification Evidence": "evidence/MP/3.8.9-veeam-copy-job.png\n"
        "evidence/MP/3.8.9-restore-test-2026-11-04.pdf",
        "Comments": "USB disk destruction waits for the shredding vendor's pickup.",
    }),
    item(**{
        "POA&M ID": "POAM-SC-001",
        "NIST Control Reference": "SC.L2-3.13.11",
        "Weakness Description": "Encryption is employed but not FIPS-validated: BitLocker is on "
        "for all laptops without the Windows FIPS policy setting, and the site-to-site VPN to "
        "the heat-treat vendor runs SonicWall firmware that is not a validated module.",
        "Severity": "Moderate",
        "Remediation Plan": "Enable 'System cryptography: Use FIPS compliant algorithms' by "
        "GPO; upgrade the SonicWall TZ370 to the FIPS-validated SonicOS build and enable FIPS "
        "mode; record the CMVP certificate numbers in the SSP.",
        "Owner": MARCUS,
        "Resources Required": "14 staff-hours; SonicWall support renewal ($450)",
        "Start Date": D(2026, 9, 15),
        "Milestones": "[x] 2026-10-09: CMVP certificates identified for BitLocker and SonicOS\n"
        "2026-10-30: SonicWall firmware upgrade in the maintenance window\n"
        "2026-12-18: FIPS policy setting on all laptops\n"
        "2027-01-08: SSP updated with certificate numbers",
        "Scheduled Completion Date": D(2027, 1, 15),
        "Status": "Delayed",
        "Status Date": D(2026, 11, 17),
        "Comments": "Firmware upgrade postponed: the heat-treat vendor froze VPN changes.",
    }),
    item(**{
        "POA&M ID": "POAM-SC-002",
        "NIST Control Reference": "SC.L2-3.13.9",
        "Weakness Description": "Network connections are not terminated: SSL-VPN sessions and "
        "RDP sessions to HPM-FS01 stay connected indefinitely.",
        "Severity": "Low",
        "Remediation Plan": "Set the SSL-VPN idle timeout to 30 minutes; set RDP session limits "
        "by GPO (disconnect after 30 minutes idle, end disconnected sessions after 1 hour).",
        "Owner": KEVIN,
        "Resources Required": "3 provider hours ($420)",
        "Start Date": D(2026, 10, 5),
        "Milestones": "2026-12-01: SSL-VPN idle timeout set\n"
        "2026-12-08: RDP session-limit GPO applied",
        "Status": "Open",
        "Status Date": D(2026, 11, 18),
        "Comments": "Completion date to be agreed with Bluewater.",
    }),
    item(**{
        "POA&M ID": "POAM-SC-003",
        "NIST Control Reference": "SC.L2-3.13.13",
        "Weakness Description": "Mobile code is not controlled: Office macros are enabled for "
        "all users, and there is no rule for the ActiveX components of the JobBOSS ERP client.",
        "Severity": "Moderate",
        "Remediation Plan": "Keep macros enabled because the JobBOSS quoting templates need "
        "them; the President accepted the risk until the ERP upgrade is planned.",
        "Owner": FRANK,
        "Resources Required": "2 staff-hours for the review",
        "Start Date": D(2026, 9, 15),
        "Milestones": "2027-02-15: Review with the ERP vendor at upgrade planning",
        "Scheduled Completion Date": D(2027, 2, 26),
        "Status": "Risk Accepted",
        "Status Date": D(2026, 11, 10),
    }),
]

# The SSP: every requirement Implemented unless listed here. (status, note)
SSP_EXCEPTIONS = {
    "3.1.10": ("Partially Implemented", "Lock enforced on office PCs only; POAM-AC-002."),
    "3.1.15": ("Not Implemented", "No authorization of remote privileged commands; POAM-AC-003."),
    "3.1.16": ("Not Applicable", "No wireless access to the CUI enclave; shop Wi-Fi is a "
               "separate guest network."),
    "3.1.17": ("Not Applicable", "No wireless access to the CUI enclave."),
    "3.1.21": ("Planned", "Intune device control planned; POAM-AC-004."),
    "3.3.4": ("Not Implemented", "No alert on logging failure; POAM-AU-001."),
    "3.4.9": ("Not Implemented", "Users are local administrators; POAM-CM-001."),
    "3.5.3": ("Partially Implemented", "MFA for remote and privileged access only; POAM-IA-001."),
    "3.5.8": ("Not Implemented", "Password history is 0; POAM-IA-002."),
    "3.6.3": ("Planned", "Tabletop exercise planned; POAM-IR-001."),
    "3.7.6": ("Not Implemented", "Machine-tool service technicians work unescorted in the "
              "shop while CNC controllers are on the DNC network."),
    "3.8.9": ("Not Implemented", "Take-home backup disk being replaced; POAM-MP-001."),
    "3.13.9": ("Not Implemented", "No VPN or RDP idle timeout; POAM-SC-002."),
    "3.13.11": ("Partially Implemented", "Encryption employed, not FIPS-validated; POAM-SC-001."),
    "3.13.13": ("Not Implemented", "Macros enabled; risk accepted (POAM-SC-003)."),
    "3.14.1": ("Enduring Exception", "CNC controllers (Haas NGC, Mazak Matrix) run "
               "vendor-locked Windows Embedded; isolated on VLAN 40 with no internet; see SSP "
               "section 6.3."),
    "3.1.8": ("Implemented", "Closed POAM-AC-001."),
    "3.3.8": ("Implemented", "Closed POAM-AU-002."),
    "3.12.4": ("Implemented", "SSP v2.1, approved 2026-08-14."),
}
SSP_STATUSES = ["Implemented", "Partially Implemented", "Planned", "Not Implemented",
                "Not Applicable", "Enduring Exception"]

XLSX_HEADER_ROW = 4  # rows 1-2 hold the title block, row 3 is blank
SSP_SHEET = "Implementation Status"
POAM_SHEET = "POA&M"

# Planted weaknesses: (item id or SSP requirement, column, rule, why, condition).
PLANTED = [
    ("POAM-IA-001", "NIST Control Reference", "poam-ineligible",
     "3.5.3 MFA is worth 3 points even when partial; only 1-point requirements (and "
     "partial 3.13.11) may be on a POA&M (32 CFR 170.21(a)(2)(ii))", ""),
    ("POAM-IA-001", "Scheduled Completion Date", "closeout-window",
     "completes 2027-04-30, after the closeout deadline 2027-03-14 (2026-09-15 + 180 days)",
     "with --conditional-date 2026-09-15"),
    ("POAM-AU-002", "Verification Evidence", "closed-without-evidence",
     "Closed, with an empty evidence cell (\"Closed per M. Lee.\")", ""),
    ("POAM-CM-001", "Owner", "owner-generic", "the owner is the department \"IT\"", ""),
    ("POAM-IA-002", "Remediation Plan", "remediation-vague",
     "the remediation is \"Harden system\"", ""),
    ("POAM-MP-001", "Scheduled Completion Date", "overdue",
     "In Progress, due 2026-11-10, before the as-of date 2026-11-26", ""),
    ("POAM-SC-001", "Milestones", "milestone-overdue",
     "milestone 2026-10-30 (SonicWall firmware upgrade) is not marked done", ""),
    ("POAM-SC-002", "Scheduled Completion Date", "completion-missing",
     "an open item with no completion date", ""),
    ("POAM-SC-003", "Status", "risk-accepted",
     "\"Risk Accepted\" is not a way to meet a CMMC requirement", ""),
    ("3.7.6", "Implementation Status", "not-met-missing-item",
     "the SSP says 3.7.6 is Not Implemented and no POA&M item names it", "with --ssp"),
]


def load_catalog():
    with open(CATALOG, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def letter(col_index):
    return get_column_letter(col_index + 1)


def cell_text(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def write_csv(path, header, rows):
    """Write rows (lists of values) as RFC 4180 CSV with LF line ends; return the line on
    which each data record starts (1-based, header on line 1)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    starts = []
    line = 2
    for row in rows:
        texts = [cell_text(v) for v in row]
        starts.append(line)
        writer.writerow(texts)
        line += 1 + sum(t.count("\n") for t in texts)
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(buf.getvalue())
    return starts


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
TOP_WRAP = Alignment(wrap_text=True, vertical="top")


def style_header(ws, row, ncols):
    for c in range(1, ncols + 1):
        cell = ws.cell(row=row, column=c)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def fixed_timestamps(wb):
    when = dt.datetime(2026, 11, 20, 9, 0, 0)
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "Dana Whitfield"
    wb.properties.lastModifiedBy = "Dana Whitfield"


def fix_zip_times(path):
    """Rewrite the workbook's zip with a fixed time on every entry, so that regenerating
    the examples changes no bytes unless the content changed."""
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time as "modified"; pin it.
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-20T09:00:00Z",
                              data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 20, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            z.writestr(fixed, data)


def write_poam_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = POAM_SHEET
    ws["A1"] = f"{COMPANY} — Plan of Action and Milestones (CMMC Level 2)"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"System: {SYSTEM}"
    ws["C2"] = f"Conditional Level 2 (Self) status date: {CONDITIONAL.isoformat()}"
    ws["E2"] = "Prepared by: Dana Whitfield, IT Manager"
    ws["G2"] = "Last updated: 2026-11-20"
    for c, name in enumerate(POAM_COLUMNS, start=1):
        ws.cell(row=XLSX_HEADER_ROW, column=c, value=name)
    style_header(ws, XLSX_HEADER_ROW, len(POAM_COLUMNS))
    rows = {}
    for i, it in enumerate(ITEMS):
        r = XLSX_HEADER_ROW + 1 + i
        rows[it["POA&M ID"]] = r
        for c, name in enumerate(POAM_COLUMNS, start=1):
            value = it[name]
            cell = ws.cell(row=r, column=c, value=value)
            cell.alignment = TOP_WRAP
            if name in DATE_COLUMNS:
                cell.number_format = "yyyy-mm-dd"
    last = XLSX_HEADER_ROW + 200
    status_col = letter(POAM_COLUMNS.index("Status"))
    severity_col = letter(POAM_COLUMNS.index("Severity"))
    for col, values in ((status_col, STATUSES), (severity_col, SEVERITIES)):
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                            allow_blank=True, showErrorMessage=True)
        dv.add(f"{col}{XLSX_HEADER_ROW + 1}:{col}{last}")
        ws.add_data_validation(dv)
    for name in DATE_COLUMNS:
        col = letter(POAM_COLUMNS.index(name))
        dv = DataValidation(type="date", operator="greaterThan", formula1="36526",
                            allow_blank=True)
        dv.add(f"{col}{XLSX_HEADER_ROW + 1}:{col}{last}")
        ws.add_data_validation(dv)
    widths = [13, 16, 48, 10, 52, 28, 28, 12, 54, 14, 13, 12, 40, 36]
    for c, w in enumerate(widths):
        ws.column_dimensions[letter(c)].width = w
    ws.freeze_panes = f"C{XLSX_HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{XLSX_HEADER_ROW}:{letter(len(POAM_COLUMNS) - 1)}{XLSX_HEADER_ROW + len(ITEMS)}"

    hist = wb.create_sheet("Revision History")
    hist.append(["Date", "Version", "Author", "Change"])
    style_header(hist, 1, 4)
    for row in [
        (D(2026, 8, 14), "1.0", "Dana Whitfield", "POA&M created from the self-assessment"),
        (D(2026, 9, 15), "1.1", "Dana Whitfield", "Items confirmed for the SPRS submission"),
        (D(2026, 11, 20), "1.4", "Dana Whitfield", "Monthly status update"),
    ]:
        hist.append(list(row))
        hist.cell(row=hist.max_row, column=1).number_format = "yyyy-mm-dd"
    for col, w in zip("ABCD", (12, 9, 18, 48)):
        hist.column_dimensions[col].width = w
    fixed_timestamps(wb)
    wb.save(path)
    fix_zip_times(path)
    return rows


def ssp_rows(catalog):
    out = []
    for req in catalog:
        status, note = SSP_EXCEPTIONS.get(req["id"], ("Implemented", ""))
        out.append([req["id"], req["cmmc_name"], status, note])
    return out


def write_ssp_xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SSP_SHEET
    header = ["Requirement ID", "Requirement name", "Implementation Status", "Notes"]
    ws.append(header)
    style_header(ws, 1, 4)
    for row in rows:
        ws.append(row)
        for c in range(1, 5):
            ws.cell(row=ws.max_row, column=c).alignment = TOP_WRAP
    dv = DataValidation(type="list", formula1='"' + ",".join(SSP_STATUSES) + '"',
                        allow_blank=True, showErrorMessage=True)
    dv.add(f"C2:C{len(rows) + 1}")
    ws.add_data_validation(dv)
    for col, w in zip("ABCD", (15, 42, 22, 70)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A2"
    fixed_timestamps(wb)
    wb.save(path)
    fix_zip_times(path)


def expected_assessment(catalog):
    """The score both ways, computed here independently of the Rust engine."""
    by_id = {r["id"]: r for r in catalog}
    with_ssp = 110
    not_met_ssp = []
    for rid, (status, _) in SSP_EXCEPTIONS.items():
        req = by_id[rid]
        if status in ("Not Implemented", "Planned", "Partially Implemented"):
            partial = status == "Partially Implemented" and req["partial_points"]
            with_ssp -= int(req["partial_points"] if partial else req["points"])
            not_met_ssp.append(rid)
    open_ids = [it["NIST Control Reference"].split("-", 1)[1] for it in ITEMS
                if it["Status"] != "Closed"]
    without_ssp = 110
    for rid in open_ids:
        req = by_id[rid]
        # 3.13.11 on a POA&M is read as partial (encryption employed, not FIPS-validated).
        value = req["partial_points"] if rid == "3.13.11" else req["points"]
        without_ssp -= int(value)
    order = [r["id"] for r in catalog]
    return (with_ssp, sorted(not_met_ssp, key=order.index),
            without_ssp, sorted(open_ids, key=order.index))


README_HEAD = """# Example: Harbor Point Machining LLC

Generated by `scripts/make_examples.py` (do not edit by hand; change the script and run it
again). Everything here is fictional.

**Harbor Point Machining LLC** is a 41-person CNC machine shop that makes machined
aluminium and stainless parts (brackets, housings, manifolds) for a defense prime. It
receives CUI technical drawings from the prime, so it must meet CMMC Level 2 (NIST SP
800-171 Rev 2) for its CUI enclave, "HPM CUI Enclave": Microsoft 365 GCC High, a file
server (HPM-FS01), 38 CUI workstations, a DNC server feeding the CNC machines, and a
managed service provider (Bluewater Technology Partners).

It posted a Conditional Level 2 (Self) score on **{conditional}**. The POA&M is updated
monthly by Dana Whitfield, the IT Manager; this copy is as of **{as_of}**.

| file | what it is |
|---|---|
| `poam.xlsx` | the POA&M: sheet `POA&M`, a title block on rows 1–2, header on row {hdr}, {n} items (rows {first}–{last}), real date cells, dropdowns for Status and Severity; a second sheet `Revision History` |
| `poam.csv` | the same items as CSV (header on line 1; milestone cells span several lines) |
| `ssp.xlsx` | the SSP implementation-status sheet `{ssp_sheet}`: Requirement ID, Requirement name, Implementation Status, Notes; 110 rows (rows 2–111) |
| `ssp.csv` | the same as CSV |

Try:

```
poam validate examples/poam.xlsx --as-of {as_of}
poam validate examples/poam.xlsx --ssp examples/ssp.xlsx --as-of {as_of} --conditional-date {conditional}
```

## Expected verdict

| | with `--ssp examples/ssp.xlsx` | without an SSP |
|---|---|---|
| basis | `ssp` | `poam` (assumes every requirement without an open item MET; 3.13.11 on the POA&M is assumed partial) |
| score | **{score_ssp}** / 110 (threshold 88) | **{score_poam}** / 110 |
| NOT MET | {nm_ssp} | {nm_poam} |
| Conditional reachable | **no**: `poam-ineligible: 3.5.3 is worth 3 points`; `not-met-missing-item: 3.7.6 is NOT MET and has no open POA&M item` | **no**: `poam-ineligible: 3.5.3 is worth 5 points` |
| closeout deadline (`--conditional-date {conditional}`) | {closeout} | {closeout} |

How the score is made (with the SSP): the eleven 1-point requirements in the list cost 1
each (3.1.10 is PARTIAL, which costs the full value: only 3.5.3 and 3.13.11 have partial
credit) = 11; 3.5.3 PARTIAL (MFA for remote and privileged users only) costs 3; 3.13.11 PARTIAL (encryption employed, not FIPS-validated) costs 3: 110 − 17 = {score_ssp}. 3.1.16 and 3.1.17 are Not Applicable and 3.14.1 is an
Enduring Exception: all three count MET (32 CFR 170.24(b)). Without the SSP, 3.7.6 is not
known to be NOT MET (no item names it), and 3.5.3 counts its full 5 points: 110 − 18 =
{score_poam}. Closed items (POAM-AC-001, POAM-AU-002) do not count NOT MET.

## Planted weaknesses

Each row must produce exactly this finding (and the item's other cells none). "xlsx cell"
is on sheet `POA&M` of `poam.xlsx` (or `{ssp_sheet}` of `ssp.xlsx`); "csv line" is the line
on which the record starts in `poam.csv` (or `ssp.csv`).

| item | rule | why | xlsx cell | csv line | when |
|---|---|---|---|---|---|
"""

README_TAIL = """
## What must NOT be reported

The rest is deliberately good, and a finding on it is a false positive:

* every other open item has a specific remediation, a named owner (a person, with a role
  such as "Dana Whitfield, IT Manager" — the word "IT" inside a role is not a generic owner),
  resources, a start date, dated milestones, a completion date within the closeout window
  and a status date within 30 days of {as_of};
* every milestone dated before {as_of} is marked done (`[x]`), except POAM-SC-001's;
* POAM-AC-001 is Closed with evidence (`evidence/AC/3.1.8-lockout-gpo.png`);
* POAM-SC-001 (3.13.11) is eligible: the SSP says PARTIAL (encryption employed, not
  FIPS-validated, 32 CFR 170.21(a)(2)(ii)), and without an SSP the engine assumes so;
* no owner holds more than 3 of the 12 open items, and no two open items share a
  completion date;
* status words are Open, In Progress, Delayed, Closed and Risk Accepted; severities Low,
  Moderate and High; every requirement reference is one valid id (`AC.L2-3.1.8` form in the
  POA&M, `3.1.8` form in the SSP).

The evidence files named in the POA&M are not shipped, so `--evidence-root examples` would
report `evidence-not-found` for each of them.
"""


def write_readme(path, poam_rows, csv_lines, ssp_csv_lines, ssp_xlsx_rows, catalog):
    score_ssp, nm_ssp, score_poam, nm_poam = expected_assessment(catalog)
    assert score_ssp == 93 and score_poam == 92, (score_ssp, score_poam)
    ids = [it["POA&M ID"] for it in ITEMS]
    text = README_HEAD.format(
        conditional=CONDITIONAL.isoformat(),
        as_of=AS_OF.isoformat(),
        hdr=XLSX_HEADER_ROW,
        n=len(ITEMS),
        first=poam_rows[ids[0]],
        last=poam_rows[ids[-1]],
        ssp_sheet=SSP_SHEET,
        score_ssp=score_ssp,
        score_poam=score_poam,
        nm_ssp=", ".join(nm_ssp),
        nm_poam=", ".join(nm_poam),
        closeout=CLOSEOUT.isoformat(),
    )
    for who, column, rule, why, when in PLANTED:
        if who.startswith("POAM-"):
            col = letter(POAM_COLUMNS.index(column))
            cell = f"`{col}{poam_rows[who]}`"
            line = csv_lines[ids.index(who)]
        else:
            cell = f"none (workbook-level); the message names ssp.xlsx `{SSP_SHEET}!C{ssp_xlsx_rows[who]}`"
            line = f"{ssp_csv_lines[who]} (ssp.csv)"
        text += f"| {who} | `{rule}` | {why} | {cell} | {line} | {when or 'always'} |\n"
    text += README_TAIL.format(as_of=AS_OF.isoformat())
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    os.makedirs(OUT, exist_ok=True)
    catalog = load_catalog()
    assert len(catalog) == 110
    poam_rows = write_poam_xlsx(os.path.join(OUT, "poam.xlsx"))
    csv_lines = write_csv(os.path.join(OUT, "poam.csv"), POAM_COLUMNS,
                          [[it[c] for c in POAM_COLUMNS] for it in ITEMS])
    rows = ssp_rows(catalog)
    write_ssp_xlsx(os.path.join(OUT, "ssp.xlsx"), rows)
    ssp_lines = write_csv(os.path.join(OUT, "ssp.csv"),
                          ["Requirement ID", "Requirement name", "Implementation Status",
                           "Notes"], rows)
    ssp_csv_lines = {r[0]: ssp_lines[i] for i, r in enumerate(rows)}
    ssp_xlsx_rows = {r[0]: i + 2 for i, r in enumerate(rows)}
    write_readme(os.path.join(OUT, "README.md"), poam_rows, csv_lines, ssp_csv_lines,
                 ssp_xlsx_rows, catalog)
    print(f"wrote {len(ITEMS)} POA&M items and {len(rows)} SSP rows to {OUT}")


if __name__ == "__main__":
    main()
