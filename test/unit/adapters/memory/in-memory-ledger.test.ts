import { InMemoryLedger } from '#adapters/memory/in-memory-ledger.js';
import { describeLedgerContract } from '../../../integration/ledger/ledger-contract.js';

describeLedgerContract('InMemoryLedger', async () => new InMemoryLedger());
