/**
 * `alvh policy …`: multi-signature governance of the live hedge policy.
 * keygen → init → propose → sign (×k) → apply; show and log [--verify] to inspect.
 * Refusals (forged, replayed, stale, insufficient, …) exit 2 with the reason.
 */
import type { Command } from 'commander';
import { closeSync, fchmodSync, fsyncSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { DataError, InputError } from '../../core/errors.js';
import { parseCanonical } from '../../core/canonical.js';
import { shortKey, type PolicyValidator, type SignatureRecord } from '../../core/governance.js';
import { systemClock, type Clock } from '../../core/time.js';
import { parsePolicy } from '../../hedge/policy.js';
import { loadPolicyFile } from '../policyFile.js';
import {
  addSignature,
  applyProposal,
  exportProposal,
  generateKeyPair,
  governanceStatus,
  initGovernance,
  integrityCheck,
  listAudit,
  listProposals,
  parsePrivateKey,
  proposePolicy,
  signExportedProposal,
  signProposal,
  verifyGovernance,
} from '../../store/index.js';
import { addHomeOption, withStore } from '../home.js';
import { printJson, readUserFile, writeFileAtomic } from '../io.js';
import { int } from '../options.js';

export interface PolicyCommandDeps {
  clock: Clock;
  /** The engine's policy validator (parsePolicy); without one any JSON object is accepted. */
  validatePolicy?: PolicyValidator;
}

interface HomeOpts {
  home?: string;
  json?: boolean;
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function readText(flag: string, path: string | undefined): string {
  if (path === undefined) throw new InputError(flag, 'is required');
  return readUserFile(flag, path);
}

/** Writes a new file with mode 0600; refuses to overwrite. */
function writeSecretFile(flag: string, path: string, content: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new InputError(flag, `${path} already exists; refusing to overwrite a key file`);
    throw new InputError(flag, `cannot create ${path}: ${code ?? String(err)}`);
  }
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true }); // never leave a truncated key behind
    throw err;
  }
  closeSync(fd);
}

function readPrivateKey(path: string | undefined): ReturnType<typeof parsePrivateKey> {
  const pem = readText('--key', path);
  const key = parsePrivateKey(pem, '--key');
  if (process.platform !== 'win32' && path !== undefined && (statSync(path).mode & 0o077) !== 0) {
    process.stderr.write(`alvh: warning: ${path} is readable by other users; chmod 600 it\n`);
  }
  return key;
}

export function makeRegister(deps: PolicyCommandDeps): (program: Command) => void {
  return (program) => {
    const policy = program
      .command('policy')
      .description('Multi-signature governance of the live hedge policy (keygen, init, propose, sign, apply, show, log).')
      .addHelpText(
        'after',
        `
Example (2 of 3 approvers):
  alvh policy keygen --out alice.pem        # prints ed25519:… (repeat for bob, carol)
  alvh policy init --approvers ed25519:A…,ed25519:B…,ed25519:C… --threshold 2
  alvh policy propose --file policy.json    # prints the proposal id
  alvh policy sign --proposal ID --key alice.pem
  alvh policy sign --proposal ID --key bob.pem
  alvh policy apply --proposal ID
  alvh policy log --verify`,
      );

    policy
      .command('keygen')
      .description('Create an Ed25519 key pair: writes the private key (PKCS#8 PEM, mode 0600), prints the public key.')
      .requiredOption('--out <file>', 'private key file to create (never overwritten)')
      .option('--json', 'print {publicKey, file} as JSON')
      .addHelpText('after', '\nExample:\n  alvh policy keygen --out ~/.alvh-keys/alice.pem')
      .action((opts: { out: string; json?: boolean }) => {
        const pair = generateKeyPair();
        writeSecretFile('--out', opts.out, pair.privateKeyPem);
        if (opts.json) printJson({ publicKey: pair.publicKey, file: opts.out });
        else out(pair.publicKey);
      });

    addHomeOption(
      policy
        .command('init')
        .description('Register the approvers (public keys) and the number of signatures required (once per store).')
        .requiredOption('--approvers <keys>', 'comma-separated public keys (ed25519:<base64>)')
        .requiredOption('--threshold <k>', 'signatures required to apply a proposal, 1..n')
        .option('--json', 'print JSON')
        .addHelpText('after', '\nExample:\n  alvh policy init --approvers ed25519:A…,ed25519:B…,ed25519:C… --threshold 2'),
    ).action((opts: HomeOpts & { approvers: string; threshold: string }) => {
      const keys = opts.approvers.split(',').map((k) => k.trim()).filter((k) => k !== '');
      const threshold = int('--threshold', opts.threshold, 1);
      const result = withStore(opts.home, deps.clock, (store) => initGovernance(store, keys, threshold));
      if (opts.json) printJson({ initId: result.initId, approvers: keys.length, threshold, auditSeq: result.entry.seq });
      else out(`initialized: ${threshold} of ${keys.length} approvers must sign; init id ${result.initId}`);
    });

    addHomeOption(
      policy
        .command('propose')
        .description('Propose a new hedge policy (JSON or YAML file, defaults filled in); prints the proposal id.')
        .requiredOption('--file <policy.json|policy.yaml>', 'the new policy: `kind` and the fields it changes')
        .option('--json', 'print {id, version, parent, created} as JSON')
        .addHelpText('after', '\nExample:\n  alvh policy propose --file policy.json'),
    ).action((opts: HomeOpts & { file: string }) => {
      const text = readText('--file', opts.file);
      const value = /\.ya?ml$/i.test(opts.file) ? loadPolicyFile(text, 'yaml') : parseCanonical(text, '--file').value;
      const p = withStore(opts.home, deps.clock, (store) => proposePolicy(store, value, deps.validatePolicy));
      if (opts.json) printJson({ id: p.id, version: p.version, parent: p.parent, created: p.created });
      else out(p.id);
    });

    addHomeOption(
      policy
        .command('export')
        .description('Write a proposal as a self-contained JSON file, for approvers who sign away from the store.')
        .requiredOption('--proposal <id>', 'proposal id (or a unique prefix of 8+ hex digits)')
        .option('--out <file>', 'file to write (default: stdout)')
        .addHelpText('after', '\nExample:\n  alvh policy export --proposal 3f1a9c0e --out proposal.json'),
    ).action((opts: HomeOpts & { proposal: string; out?: string }) => {
      const exported = withStore(opts.home, deps.clock, (store) => exportProposal(store, opts.proposal));
      const text = `${JSON.stringify(exported, null, 2)}\n`;
      if (opts.out === undefined) process.stdout.write(text);
      else writeFileAtomic(opts.out, text);
    });

    addHomeOption(
      policy
        .command('sign')
        .description('Sign a proposal with an approver key: in the store (--proposal), or offline (--proposal-file … --out).')
        .option('--proposal <id>', 'proposal id in the store (or a unique prefix of 8+ hex digits)')
        .option('--proposal-file <file>', 'a proposal written by `policy export` (offline: needs --out, no store)')
        .requiredOption('--key <file>', 'private key file written by `policy keygen`')
        .option('--out <file>', 'write the signature as JSON, for `policy attach`')
        .option('--json', 'print {proposal, publicKey, signature} as JSON')
        .addHelpText(
          'after',
          '\nExample:\n  alvh policy sign --proposal 3f1a9c0e --key alice.pem\n  alvh policy sign --proposal-file proposal.json --key bob.pem --out bob.sig.json',
        ),
    ).action((opts: HomeOpts & { proposal?: string; proposalFile?: string; key: string; out?: string }) => {
      if ((opts.proposal === undefined) === (opts.proposalFile === undefined)) {
        throw new InputError('--proposal', 'give exactly one of --proposal ID or --proposal-file FILE');
      }
      const key = readPrivateKey(opts.key);
      let record: { proposal: string; publicKey: string; signature: string };
      let note = '';
      if (opts.proposalFile !== undefined) {
        if (opts.out === undefined) throw new InputError('--out', 'is required with --proposal-file (the signature is not stored)');
        const { value } = parseCanonical(readText('--proposal-file', opts.proposalFile), '--proposal-file');
        record = signExportedProposal(value, key);
      } else {
        const proposal = opts.proposal as string;
        const s = withStore(opts.home, deps.clock, (store) => signProposal(store, proposal, key));
        record = { proposal: s.proposalId, publicKey: s.publicKey, signature: s.signature };
        note = s.status === 'existing' ? ' (already signed)' : '';
      }
      if (opts.out !== undefined) writeFileAtomic(opts.out, `${JSON.stringify(record)}\n`);
      if (opts.json) printJson(record);
      else out(`signed ${record.proposal} as ${record.publicKey}${note}${opts.out === undefined ? '' : `; signature written to ${opts.out}`}`);
    });

    addHomeOption(
      policy
        .command('attach')
        .description("Store a signature written by `policy sign --out`, after checking it: a registered approver's valid signature of this proposal, else exit 2 and nothing stored.")
        .requiredOption('--signature <file>', 'signature JSON {proposal, publicKey, signature}')
        .option('--json', 'print JSON')
        .addHelpText('after', '\nExample:\n  alvh policy attach --signature bob.sig.json'),
    ).action((opts: HomeOpts & { signature: string }) => {
      const { value } = parseCanonical(readText('--signature', opts.signature), '--signature');
      const v = value as Partial<Record<'proposal' | 'publicKey' | 'signature', unknown>>;
      if (typeof v !== 'object' || v === null || typeof v.proposal !== 'string' || typeof v.publicKey !== 'string' || typeof v.signature !== 'string') {
        throw new InputError('--signature', 'expected {"proposal": ID, "publicKey": "ed25519:…", "signature": BASE64}');
      }
      const sig: SignatureRecord = { publicKey: v.publicKey, signature: v.signature };
      const r = withStore(opts.home, deps.clock, (store) => addSignature(store, v.proposal as string, sig));
      if (opts.json) printJson({ proposal: r.proposalId, publicKey: sig.publicKey, status: r.status });
      else out(`attached a signature by ${sig.publicKey} to ${r.proposalId}${r.status === 'existing' ? ' (already there)' : ''}`);
    });

    addHomeOption(
      policy
        .command('apply')
        .description('Make a proposal the live policy once enough approvers have signed it.')
        .requiredOption('--proposal <id>', 'proposal id (or a unique prefix of 8+ hex digits)')
        .option('--json', 'print {version, id, signers, auditSeq} as JSON')
        .addHelpText('after', '\nExample:\n  alvh policy apply --proposal 3f1a9c0e'),
    ).action((opts: HomeOpts & { proposal: string }) => {
      const r = withStore(opts.home, deps.clock, (store) => applyProposal(store, opts.proposal, deps.validatePolicy));
      if (opts.json) printJson({ version: r.version, id: r.id, signers: r.signers, auditSeq: r.entry.seq });
      else out(`applied: version ${r.version} is live (${r.id}), signed by ${r.signers.length}: ${r.signers.map(shortKey).join(', ')}`);
    });

    addHomeOption(
      policy
        .command('show')
        .description('Show the live policy, its version, the approvers, the threshold and pending proposals.')
        .option('--json', 'print JSON')
        .addHelpText('after', '\nExample:\n  alvh policy show --json'),
    ).action((opts: HomeOpts) => {
      const { status, pending } = withStore(opts.home, deps.clock, (store) => ({
        status: governanceStatus(store),
        pending: listProposals(store).filter((p) => !p.applied),
      }));
      const live = status?.version ?? 0;
      const pendingView = pending.map((p) => ({ id: p.id, version: p.version, signatures: p.signatures.length, stale: p.parent !== status?.head }));
      if (opts.json) {
        printJson(
          status
            ? {
                initialized: true,
                version: status.version,
                id: status.head,
                appliedAt: iso(status.appliedAtMs),
                threshold: status.threshold,
                approvers: status.approvers,
                policy: status.policy,
                pending: pendingView,
              }
            : { initialized: false },
        );
        return;
      }
      if (!status) {
        out('not initialized: run `alvh policy init --approvers … --threshold K`');
        return;
      }
      out(`version ${live}${status.version > 0 ? ` (${status.head}), applied ${iso(status.appliedAtMs) ?? ''}` : ' (no policy applied yet)'}`);
      out(`threshold ${status.threshold} of ${status.approvers.length}: ${status.approvers.join(' ')}`);
      for (const p of pendingView) out(`pending ${p.id} version ${p.version}, ${p.signatures} signature(s)${p.stale ? ', stale' : ''}`);
      if (status.version > 0) out(JSON.stringify(status.policy, null, 2));
    });

    addHomeOption(
      policy
        .command('log')
        .description('Print the audit log; --verify recomputes the hash chain and every signature.')
        .option('--verify', 'verify the chain; exit 2 naming the first bad entry')
        .option('--json', 'print the entries (and the verdict with --verify) as JSON')
        .addHelpText('after', '\nExample:\n  alvh policy log --verify'),
    ).action((opts: HomeOpts & { verify?: boolean }) => {
      const { entries, verdict, path, integrity } = withStore(opts.home, deps.clock, (store) => ({
        integrity: opts.verify ? integrityCheck(store) : ['ok'],
        entries: listAudit(store),
        verdict: opts.verify ? verifyGovernance(store) : null,
        path: store.path,
      }));
      if (integrity[0] !== 'ok') throw new DataError(path, `integrity check failed: ${integrity.slice(0, 3).join('; ')}`);
      if (opts.json) {
        printJson({
          entries: entries.map((e) => ({ ...e, at: iso(e.atMs), payload: JSON.parse(e.payload) as unknown })),
          ...(verdict ? { verified: verdict.ok, ...(verdict.ok ? {} : { badEntry: verdict.seq, message: verdict.message }) } : {}),
        });
      } else {
        for (const e of entries) {
          const signers = e.signatures.length > 0 ? ` signed by ${e.signatures.map((s) => shortKey(s.publicKey)).join(', ')}` : '';
          out(`${e.seq} ${iso(e.atMs) ?? ''} ${e.action} payload ${e.payloadHash.slice(0, 12)}…${signers} prev ${e.prevHash.slice(0, 12)}… hash ${e.entryHash.slice(0, 12)}…`);
        }
      }
      if (verdict && !verdict.ok) throw new DataError(path, verdict.message);
      if (verdict?.ok && !opts.json) out(`verified: ${verdict.summary.entries} entries, chain head ${verdict.summary.lastHash}`);
    });

    for (const c of policy.commands) c.exitOverride();
    policy.exitOverride();
  };
}

/** The CLI wiring: the wall clock and the engine's policy schema (defaults filled in). */
export const register = makeRegister({ clock: systemClock, validatePolicy: parsePolicy });
