"""Accepts or rejects every tracked change of a DOCX in LibreOffice and saves the text.

    python3 tracked_changes.py SOFFICE PROFILE_DIR IN.docx accept|reject OUT.txt

Used by crates/export/tests/redline_docx.rs: Word's "Accept all" / "Reject all" done by
another program than ours. Runs a private headless LibreOffice (its own profile, its own
pipe), opens the file hidden, dispatches .uno:AcceptAllTrackedChanges or
.uno:RejectAllTrackedChanges, and stores the result as UTF-8 text, one paragraph a line.
Needs python3-uno (scripts/install-deps.sh installs it).
"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main():
    soffice, profile, src, action, out = sys.argv[1:6]
    pipe = "quycherd%d" % os.getpid()
    user = "-env:UserInstallation=" + uno.systemPathToFileUrl(os.path.abspath(profile))
    # A fresh profile makes LibreOffice restart itself once, which cuts the first bridge:
    # create it first.
    subprocess.run([soffice, user, "--headless", "--terminate_after_init"], timeout=300)
    office = subprocess.Popen(
        [
            soffice,
            user,
            "--headless",
            "--invisible",
            "--norestore",
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
        ]
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
                )
                break
            except Exception:
                time.sleep(0.25)
        if ctx is None:
            sys.exit("LibreOffice did not answer on its pipe")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        # Just started, LibreOffice may answer a load with nothing: try again.
        doc = None
        for _ in range(20):
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),)
            )
            if doc is not None:
                break
            time.sleep(0.5)
        if doc is None:
            sys.exit("LibreOffice did not open " + src)
        frame = doc.getCurrentController().getFrame()
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        command = {
            "accept": ".uno:AcceptAllTrackedChanges",
            "reject": ".uno:RejectAllTrackedChanges",
        }[action]
        dispatcher.executeDispatch(frame, command, "", 0, ())
        left = doc.getRedlines().createEnumeration().hasMoreElements()
        if left:
            sys.exit("tracked changes are left after " + command)
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(out)),
            (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")),
        )
        doc.close(True)
    finally:
        # The `soffice` script may have exited already; its office process ends here.
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
