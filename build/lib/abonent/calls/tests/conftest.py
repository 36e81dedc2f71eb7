# ruff: noqa: E501
"""Sample PBX files: one morning of an operator's queue seen by Asterisk's Master.csv and queue_log.

Times are Moscow time (the test settings' TIME_ZONE), i.e. UTC+3: 10:00 local is 07:00 UTC = epoch 1762066800
on 2025-11-02.

- 1762066800.1  a subscriber (8 912 345-67-89) calls the support queue, waits 20 s, talks 280 s with agent SIP/101;
- 1762066900.2  an unknown mobile (+7 999 000-11-22) waits 45 s in the queue and hangs up (ABANDON, position 2);
- 1762067000.3  agent 101 calls a subscriber's second phone (8 343 111-22-33) out, no answer;
- 1762067100.4  extension 101 calls 102, answered, 60 s;
- 1762067200.5  the subscriber calls again, busy.
"""

import csv
import io
from pathlib import Path

import pytest

from abonent.calls.parsers import master_csv

CDR_21 = '''\
"","89123456789","4952000000","from-trunk","""Иван Иванов"" <89123456789>","SIP/trunk-00000001","SIP/101-00000002","Queue","support,t,,,300","2025-11-02 10:00:00","2025-11-02 10:00:20","2025-11-02 10:05:00",300,280,"ANSWERED","DOCUMENTATION","1762066800.1","payment","","1762066800.1",1
"","+79990001122","4952000000","from-trunk","""+79990001122"" <+79990001122>","SIP/trunk-00000003","","Queue","support,t,,,300","2025-11-02 10:01:40","2025-11-02 10:01:41","2025-11-02 10:02:25",45,44,"ANSWERED","DOCUMENTATION","1762066900.2","","","1762066900.2",2
"","101","83431112233","from-internal","""Анна"" <101>","SIP/101-00000004","SIP/trunk-00000005","Dial","SIP/trunk/83431112233,60","2025-11-02 10:03:20","","2025-11-02 10:04:20",60,0,"NO ANSWER","DOCUMENTATION","1762067000.3","","","1762067000.3",3
"","101","102","from-internal","""Анна"" <101>","SIP/101-00000006","SIP/102-00000007","Dial","SIP/102,30","2025-11-02 10:05:00","2025-11-02 10:05:05","2025-11-02 10:06:05",65,60,"ANSWERED","DOCUMENTATION","1762067100.4","","","1762067100.4",4
"","89123456789","4952000000","from-trunk","""Иван Иванов"" <89123456789>","SIP/trunk-00000008","SIP/102-00000009","Dial","SIP/102,30","2025-11-02 10:06:40","","2025-11-02 10:06:42",2,0,"BUSY","DOCUMENTATION","1762067200.5","","","1762067200.5",5
'''


def shape(text: str, width: int) -> str:
    """The same lines as 16 or 18 columns (cdr_csv without uniqueid/userfield, or without newcdrcolumns)."""
    return master_csv(csv.reader(io.StringIO(text)), width)


QUEUE_LOG = """\
1762066790|NONE|NONE|SIP/101|AGENTLOGIN|SIP/101
1762066790|NONE|support|SIP/101|ADDMEMBER|
1762066795|NONE|support|SIP/102|ADDMEMBER|
1762066799|1762066800.1|support|NONE|DID|4952000000
1762066800|1762066800.1|support|NONE|ENTERQUEUE||89123456789|1
1762066810|1762066800.1|support|SIP/102|RINGNOANSWER|10000
1762066820|1762066800.1|support|SIP/101|CONNECT|20|1762066820.9|5
1762067100|1762066800.1|support|SIP/101|COMPLETECALLER|20|280|1
1762066900|1762066900.2|support|NONE|ENTERQUEUE||79990001122|2
1762066945|1762066900.2|support|NONE|ABANDON|2|2|45
1762067300|NONE|support|SIP/102|PAUSE|lunch
1762069100|NONE|support|SIP/102|UNPAUSE|lunch
1762070000|NONE|NONE|SIP/101|AGENTLOGOFF|SIP/101|3210
1762070000|NONE|support|SIP/101|REMOVEMEMBER|
"""


@pytest.fixture
def write(tmp_path):
    def _write(name: str, content: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode(encoding))
        return path

    return _write


@pytest.fixture
def subscribers(db):
    """Two subscribers: Ivanov with two phones, and a company whose phone is the outbound call's number."""
    from abonent.subscribers.models import Subscriber

    ivanov = Subscriber.objects.create(
        external_id="1001", name="Иванов Иван", phones="79123456789,73431112244", connected_on="2020-01-01"
    )
    company = Subscriber.objects.create(
        external_id="1002", name="ООО Ромашка", phones="73432220000,73431112233", connected_on="2020-01-01"
    )
    return {"ivanov": ivanov, "company": company}


@pytest.fixture
def agents(make_user):
    """Agent users linked to the PBX through staff.Employee.pbx_agent."""
    from abonent.staff.models import Employee

    anna = make_user("call_centre_agent", username="anna")
    boris = make_user("call_centre_agent", username="boris")
    Employee.objects.create(user=anna, pbx_agent="SIP/101")
    Employee.objects.create(user=boris, pbx_agent="SIP/102")
    return {"anna": anna, "boris": boris}


def import_kind(kind: str, path: Path, **options):
    from abonent.imports.services import import_file

    return import_file(kind, path, **options)
