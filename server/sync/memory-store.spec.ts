import { createMemoryDocStore } from './store';
import { docStoreContract } from './store.contract';

docStoreContract('in memory', () => {
	const store = createMemoryDocStore();
	return { store, dispose: () => store.close() };
});
