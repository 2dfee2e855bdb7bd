#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the upstream patch series (make patches).

    make-patches.py --src LINUX-SOURCE --out DIR [--work DIR]

The series is made from this tree's sources as they are now, against the
Linux source in LINUX-SOURCE (Debian's linux-source-6.12, the debug tier's),
which is only read.  A scratch git repository (--work) holds that tree's
version of every file the series touches; each patch is one commit in it,
and git format-patch writes them with the cover letter into DIR.

What goes where, and how an out-of-tree source becomes its in-tree copy, is
in upstream/ (see upstream/README):
  - the vfio core patch is upstream/vfio-sysfs-groups.diff;
  - the module sources are copied, with the conditionals for other kernels
    resolved for 6.12 (resolve() below: VFIO_DEVICE_HAS_SYSFS_GROUPS is
    defined in-tree, the feature tests of later kernels are not);
  - the Makefiles are this tree's with obj-m replaced by the Kconfig symbol
    and the test-only part left out; the Kconfig files are upstream/*.Kconfig;
  - the commit messages are upstream/msg/*, the cover letter is
    upstream/cover-letter.txt with @PLACEHOLDERS@ filled from the code.
"""
import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UP = os.path.join(TOP, 'upstream')

# The kernel the series is for, and what its headers define.
KERNEL = (6, 12)
DEFINED = {
    'VFIO_DEVICE_HAS_SYSFS_GROUPS',     # patch 1 of the series
    'kzalloc_obj',                      # no in-tree user of the fallback
}
UNDEFINED = {
    'VFIO_PROFILE_HAVE_REGION_INFO_OP',  # Linux 6.19
    'VFIO_PROFILE_HAVE_MATCH_TOKEN_OP',  # Linux 6.17
    'VFIO_DEVICE_BIND_FLAG_TOKEN',
    'VIRTIO_VFIO_PROFILE_SIM',           # the simulated owner stays out
}
DROP_MACROS = {'VFIO_PROFILE_KERNEL_SINCE'}
DROP_INCLUDES = {'<linux/version.h>'}
# Names that must not survive into the series.
FORBIDDEN = re.compile(r'VFIO_PROFILE_KERNEL_SINCE|VFIO_PROFILE_HAVE_|'
                       r'VIRTIO_VFIO_PROFILE_SIM|LINUX_VERSION|owner_sim|'
                       r'CONFIG_VIRTIO_VFIO_PROFILE_SIM')
# In-tree replacements of a file's first comment (its out-of-tree rationale).
HEAD_COMMENTS = {
    'include/linux/vfio_profile_compat.h': 'compat-head.txt',
}

PROFILE_DIR = 'drivers/vfio/pci/profile'
VIRTIO_SRC = 'drivers/vfio/pci/virtio'
VIRTIO_DST = 'drivers/vfio/pci/virtio-profile'


def die(msg):
    sys.exit('make-patches: error: ' + msg)


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def comment_before(out):
    """Index where a /* */ comment ending at the end of out starts, or None."""
    if not out or not out[-1].rstrip().endswith('*/'):
        return None
    for i in range(len(out) - 1, -1, -1):
        if out[i].lstrip().startswith('/*'):
            return i
    return None


def condition(line):
    """(known, value) for a preprocessor condition line."""
    m = re.match(r'#\s*if(n?)def\s+(\w+)', line)
    if m:
        neg, name = m.group(1) == 'n', m.group(2)
        if name in DEFINED:
            return True, not neg
        if name in UNDEFINED:
            return True, neg
        return False, None
    m = re.match(r'#\s*if\s+VFIO_PROFILE_KERNEL_SINCE\((\d+),\s*(\d+)\)\s*$', line)
    if m:
        return True, KERNEL >= (int(m.group(1)), int(m.group(2)))
    return False, None


def resolve(text, name):
    """The in-tree copy of a source: known conditionals resolved."""
    out = []
    stack = []  # frames: [known, taking, start, comment_start]
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        active = all(f[1] for f in stack if f[0])
        if re.match(r'#\s*if', s):
            known, value = condition(s)
            if known:
                stack.append([True, value, len(out), comment_before(out) if active else None])
            else:
                stack.append([False, True, len(out), None])
                if active:
                    out.append(line)
        elif re.match(r'#\s*elif', s):
            if stack and stack[-1][0]:
                die(f'{name}: #elif in a resolved conditional')
            if active:
                out.append(line)
        elif re.match(r'#\s*else', s):
            if not stack:
                die(f'{name}: #else without #if')
            if stack[-1][0]:
                stack[-1][1] = not stack[-1][1]
            elif active:
                out.append(line)
        elif re.match(r'#\s*endif', s):
            if not stack:
                die(f'{name}: #endif without #if')
            known, _, start, cstart = stack.pop()
            if known:
                # A block that left nothing takes its comment with it.
                if len(out) == start and cstart is not None:
                    del out[cstart:]
            elif all(f[1] for f in stack if f[0]):
                out.append(line)
        elif not active:
            pass
        elif re.match(r'#\s*define\s+(\w+)', s) and \
                re.match(r'#\s*define\s+(\w+)', s).group(1) in DROP_MACROS:
            cstart = comment_before(out)
            if cstart is not None:
                del out[cstart:]
            while lines[i].endswith('\\'):
                i += 1
        elif re.match(r'#\s*include\s+(<[^>]+>)', s) and \
                re.match(r'#\s*include\s+(<[^>]+>)', s).group(1) in DROP_INCLUDES:
            pass
        else:
            out.append(line)
        i += 1
    if stack:
        die(f'{name}: unterminated #if')
    text = '\n'.join(out)
    text = re.sub(r'\n{3,}', '\n\n', text)
    return text


def replace_head_comment(text, comment):
    m = re.match(r'(/\* SPDX[^\n]*\*/\n)/\*.*?\*/\n', text, re.S)
    if not m:
        die('no head comment to replace')
    return m.group(1) + comment.rstrip('\n') + '\n' + text[m.end():]


def in_tree_source(rel):
    text = resolve(read(os.path.join(TOP, rel)), rel)
    head = HEAD_COMMENTS.get(rel)
    if head:
        text = replace_head_comment(text, read(os.path.join(UP, head)))
    bad = FORBIDDEN.search(text)
    if bad:
        die(f'{rel}: "{bad.group(0)}" left in the in-tree copy')
    return text


def in_tree_makefile(rel, symbol):
    """The out-of-tree Makefile up to its first blank line, obj-m made obj-$(CONFIG_...)."""
    text = read(os.path.join(TOP, rel)).split('\n\n')[0].rstrip('\n') + '\n'
    if 'obj-m +=' not in text:
        die(f'{rel}: no obj-m line')
    return text.replace('obj-m +=', f'obj-$(CONFIG_{symbol}) +=')


def sources(d, exclude=()):
    names = sorted(n for n in os.listdir(os.path.join(TOP, d))
                   if n.endswith(('.c', '.h')) and not n.endswith('.mod.c')
                   and n not in exclude)
    if not names:
        die(f'no sources in {d}')
    return names


def insert_after(text, anchor, new, name):
    if new in text:
        return text
    at = text.find(anchor)
    if at < 0:
        die(f'{name}: anchor "{anchor.strip()}" not found')
    at += len(anchor)
    return text[:at] + new + text[at:]


def insert_before(text, anchor, new, name):
    at = text.find(anchor)
    if at < 0:
        die(f'{name}: anchor "{anchor.strip()}" not found')
    return text[:at] + new + text[at:]


class Series:
    def __init__(self, src, work, ident):
        self.src, self.work, self.ident = src, work, ident
        self.maint_files = []

    def git(self, *args, **kw):
        env = dict(os.environ, GIT_AUTHOR_NAME=self.ident[0], GIT_AUTHOR_EMAIL=self.ident[1],
                   GIT_COMMITTER_NAME=self.ident[0], GIT_COMMITTER_EMAIL=self.ident[1],
                   GIT_AUTHOR_DATE=self.ident[2], GIT_COMMITTER_DATE=self.ident[2],
                   GIT_CONFIG_NOSYSTEM='1', HOME=self.work)
        return subprocess.run(['git', '-C', self.work, *args], check=True, env=env,
                              stdout=subprocess.PIPE, universal_newlines=True, **kw).stdout

    def path(self, rel):
        return os.path.join(self.work, rel)

    def edit(self, rel, fn):
        write(self.path(rel), fn(read(self.path(rel))))

    def put(self, rel, text):
        write(self.path(rel), text)

    def base(self, files):
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        for rel in files:
            dst = self.path(rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(self.src, rel), dst)
        self.git('init', '-q')
        self.git('add', '-A')
        self.git('commit', '-q', '-m', 'linux-source-6.12 (the files the series touches)')

    def commit(self, msg):
        text = read(os.path.join(UP, 'msg', msg)).rstrip('\n')
        text += f'\n\nSigned-off-by: {self.ident[0]} <{self.ident[1]}>\n'
        self.git('add', '-A')
        self.git('commit', '-q', '-F', '-', input=text)

    def maintainers(self, *files):
        """The series' MAINTAINERS entry, with files added so far."""
        self.maint_files = sorted(set(self.maint_files) | set(files), key=str.lower)
        entry = read(os.path.join(UP, 'maintainers.txt')).rstrip('\n') + '\n'
        entry = entry.replace('@MAINTAINER@', f'{self.ident[0]} <{self.ident[1]}>')
        entry += ''.join(f'F:\t{f}\n' for f in self.maint_files)

        def fn(text):
            head = entry.split('\n')[0] + '\n'
            at = text.find(head)
            if at >= 0:
                end = text.find('\n\n', at) + 1
                return text[:at] + entry + text[end:]
            return insert_before(text, 'VFIO QAT PCI DRIVER\n', entry + '\n', 'MAINTAINERS')
        self.edit('MAINTAINERS', fn)


def kernel_patch(s):
    subprocess.run(['git', '-C', s.work, 'apply', os.path.join(UP, 'vfio-sysfs-groups.diff')],
                   check=True)
    s.commit('1-vfio-sysfs-groups.txt')


def profile_patch(s):
    docs = ['Documentation/ABI/testing/configfs-vfio_profile',
            'Documentation/ABI/testing/sysfs-devices-vfio-dev-profiles']
    for rel in docs:
        s.put(rel, read(os.path.join(TOP, rel)))
    for n in sources(PROFILE_DIR):
        rel = f'{PROFILE_DIR}/{n}'
        s.put(rel, in_tree_source(rel))
    s.put('include/linux/vfio_profile.h', in_tree_source('include/linux/vfio_profile.h'))
    s.put(f'{PROFILE_DIR}/Makefile', in_tree_makefile(f'{PROFILE_DIR}/Makefile', 'VFIO_PROFILE'))
    s.put(f'{PROFILE_DIR}/Kconfig', read(os.path.join(UP, 'profile.Kconfig')))
    s.edit('drivers/vfio/pci/Kconfig', lambda t: insert_after(
        t, 'source "drivers/vfio/pci/virtio/Kconfig"\n',
        '\nsource "drivers/vfio/pci/profile/Kconfig"\n', 'Kconfig'))
    s.edit('drivers/vfio/pci/Makefile', lambda t: insert_after(
        t, 'obj-$(CONFIG_VIRTIO_VFIO_PCI) += virtio/\n',
        '\nobj-$(CONFIG_VFIO_PROFILE) += profile/\n', 'Makefile'))
    s.maintainers(*docs, f'{PROFILE_DIR}/', 'include/linux/vfio_profile.h')
    s.commit('2-profile-core.txt')


def virtio_patch(s):
    for n in sources(VIRTIO_SRC, exclude=('owner_sim.c',)):
        s.put(f'{VIRTIO_DST}/{n}', in_tree_source(f'{VIRTIO_SRC}/{n}'))
    rel = 'include/linux/vfio_profile_compat.h'
    s.put(rel, in_tree_source(rel))
    s.put(f'{VIRTIO_DST}/Makefile',
          in_tree_makefile(f'{VIRTIO_SRC}/Makefile', 'VIRTIO_VFIO_PCI_PROFILE'))
    s.put(f'{VIRTIO_DST}/Kconfig', read(os.path.join(UP, 'virtio-profile.Kconfig')))
    s.edit('drivers/vfio/pci/Kconfig', lambda t: insert_after(
        t, 'source "drivers/vfio/pci/profile/Kconfig"\n',
        '\nsource "drivers/vfio/pci/virtio-profile/Kconfig"\n', 'Kconfig'))
    s.edit('drivers/vfio/pci/Makefile', lambda t: insert_after(
        t, 'obj-$(CONFIG_VFIO_PROFILE) += profile/\n',
        '\nobj-$(CONFIG_VIRTIO_VFIO_PCI_PROFILE) += virtio-profile/\n', 'Makefile'))
    s.maintainers(f'{VIRTIO_DST}/', rel)
    s.commit('3-virtio-profile.txt')


def docs_patch(s):
    rel = 'Documentation/admin-guide/vfio-profile.rst'
    s.put(rel, in_tree_rst(read(os.path.join(TOP, rel))))
    s.edit('Documentation/admin-guide/index.rst', lambda t: insert_before(
        t, '   vga-softcursor\n', '   vfio-profile\n', 'index.rst'))
    s.maintainers(rel)
    s.commit('4-admin-guide.txt')


def in_tree_rst(text):
    """The admin guide without its out-of-tree-only parts.

    ".. out-of-tree-only" opens such a part, ".. end-out-of-tree-only" closes
    it; a line ".. in-tree: TEXT" is TEXT in the in-tree copy.  All are rst
    comments, invisible in the rendered out-of-tree guide.
    """
    out, skip = [], False
    for line in text.split('\n'):
        if line.startswith('.. in-tree:'):
            if not skip:
                out.append(line[len('.. in-tree:'):][1:])
        elif line.strip() == '.. out-of-tree-only':
            skip = True
        elif line.strip() == '.. end-out-of-tree-only':
            skip = False
        elif not skip:
            out.append(line)
    if skip:
        die('admin guide: unterminated out-of-tree-only part')
    return re.sub(r'\n{3,}', '\n\n', '\n'.join(out))


TOUCHED = ['include/linux/vfio.h', 'drivers/vfio/vfio_main.c',
           'drivers/vfio/pci/Kconfig', 'drivers/vfio/pci/Makefile',
           'Documentation/admin-guide/index.rst', 'MAINTAINERS']
STEPS = [kernel_patch, profile_patch, virtio_patch, docs_patch]


def identity():
    def cfg(key, fmt):
        r = subprocess.run(['git', '-C', TOP, 'config', key], stdout=subprocess.PIPE,
                           universal_newlines=True)
        if r.returncode == 0 and r.stdout.strip():
            return r.stdout.strip()
        return subprocess.run(['git', '-C', TOP, 'log', '-1', f'--format={fmt}'],
                              stdout=subprocess.PIPE, universal_newlines=True,
                              check=True).stdout.strip()
    date = subprocess.run(['git', '-C', TOP, 'log', '-1', '--format=%cI'],
                          stdout=subprocess.PIPE, universal_newlines=True,
                          check=True).stdout.strip()
    return cfg('user.name', '%an'), cfg('user.email', '%ae'), date


def reset_answer():
    """Does a reset clear the shadowed BAR0 address?  (The code decides.)"""
    text = read(os.path.join(TOP, VIRTIO_SRC, 'legacy_io.c'))
    m = re.search(r'\nvoid virtio_legacy_reset_done\([^)]*\)\n\{\n(.*?)\n\}\n', text, re.S)
    if not m:
        die('legacy_io.c: no virtio_legacy_reset_done()')
    body = m.group(1)
    # The reset path either wipes the shadow registers or leaves them alone.
    if re.search(r'memset\(&vdev->shadow, 0', body) or 'shadow.bar0 = 0' in body:
        return 'reset-clears-bar0.txt'
    if 'shadow' not in body:
        return 'reset-keeps-bar0.txt'
    die('virtio_legacy_reset_done(): cannot tell whether it clears shadow.bar0')


def probe_answer():
    text = read(os.path.join(TOP, VIRTIO_SRC, 'main.c'))
    m = re.search(r'\b(pci_\w+|dev_\w+)\(pdev, "transitional profile unavailable', text)
    if not m:
        die('main.c: no "transitional profile unavailable" message')
    level = {'pci_info': 'info', 'dev_info': 'info', 'pci_dbg': 'dbg', 'dev_dbg': 'dbg',
             'pci_notice': 'info', 'dev_notice': 'info'}.get(m.group(1))
    if not level:
        die(f'main.c: the probe message uses {m.group(1)}, which the cover letter does not describe')
    return f'probe-{level}.txt', m.group(1)


def probe_abi():
    """Whether the ABI document tells where the probe's reason is logged."""
    abi = read(os.path.join(TOP, 'Documentation/ABI/testing/sysfs-devices-vfio-dev-profiles'))
    if 'profile unavailable' in abi:
        return '\n  The ABI entry of profiles/available says where to find it.'
    print('make-patches: warning: the ABI document does not say where the probe logs '
          'why transitional is unavailable', file=sys.stderr)
    return ''


def checkpatch_notes(src, patches):
    """checkpatch --strict of each patch, and the notes for what it leaves."""
    notes = {}
    for line in read(os.path.join(UP, 'checkpatch-notes.txt')).split('\n'):
        m = re.match(r'(\w+)\s+(\S+)\s+(.*)', line)
        if m and not line.startswith('#'):
            notes.setdefault(m.group(1), []).append((m.group(2), m.group(3)))
    lines = []
    for p in patches:
        r = subprocess.run(['perl', os.path.join(src, 'scripts/checkpatch.pl'), '--root', src,
                            '--strict', '--show-types', '--terse', '--no-summary', p],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, cwd=src)
        for out in r.stdout.split('\n'):
            m = re.match(r'([^:]+):(\d+): (ERROR|WARNING|CHECK):(\w+): (.*)', out)
            if not m:
                continue
            _, _, level, typ, what = m.groups()
            # The file the message is about: the last "+++ b/" before its line.
            fname = patch_file_at(p, int(m.group(2)))
            why = next((w for g, w in notes.get(typ, []) if fnmatch.fnmatch(fname, g)), None)
            lines.append(f'- {os.path.basename(p)[:4]}, {fname}: {level} {typ}: {what}\n'
                         f'  {why or "UNEXPLAINED"}')
    return '\n'.join(lines) if lines else '- none: checkpatch --strict finds nothing in any patch.'


def patch_file_at(patch, lineno):
    name = '(commit message)'
    with open(patch, encoding='utf-8') as f:
        for i, line in enumerate(f, 1):
            if i > lineno:
                break
            if line.startswith('+++ b/'):
                name = line[6:].strip()
    return name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--src', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--work')
    a = ap.parse_args()
    src = os.path.abspath(a.src)
    if not os.path.isfile(os.path.join(src, 'drivers/vfio/vfio_main.c')):
        die(f'{src} is not a Linux source tree')
    out = os.path.abspath(a.out)
    work = os.path.abspath(a.work or out + '.git')
    s = Series(src, work, identity())
    s.base(TOUCHED)
    for step in STEPS:
        step(s)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    s.git('format-patch', '-q', '--cover-letter', '--no-signature', '-o', out,
          f'HEAD~{len(STEPS)}..HEAD')
    patches = sorted(os.path.join(out, n) for n in os.listdir(out)
                     if n.endswith('.patch') and not n.startswith('0000-'))
    cover = os.path.join(out, sorted(os.listdir(out))[0])

    tmpl = read(os.path.join(UP, 'cover-letter.txt'))
    probe_file, probe_call = probe_answer()
    fill = {
        'RESET_BAR0': read(os.path.join(UP, 'answers', reset_answer())).rstrip('\n'),
        'PROBE_LOG': read(os.path.join(UP, 'answers', probe_file)).rstrip('\n')
                     .replace('@PROBE_CALL@', probe_call).replace('@PROBE_ABI@', probe_abi()),
        'CHECKPATCH': checkpatch_notes(src, patches),
        'BASE': os.path.basename(os.path.dirname(src)).replace('debug-src-', ''),
    }
    for k, v in fill.items():
        tmpl = tmpl.replace(f'@{k}@', v)
    if re.search(r'@[A-Z_]+@', tmpl):
        die('cover letter: unfilled ' + re.search(r'@[A-Z_]+@', tmpl).group(0))
    subject, _, body = tmpl.partition('\n')
    text = read(cover).replace('*** SUBJECT HERE ***', subject.strip())
    text = text.replace('*** BLURB HERE ***', body.strip('\n'))
    write(cover, text)
    for p in [cover] + patches:
        print(p)


if __name__ == '__main__':
    main()
