import type { MessageKey } from './en';

export const es: Record<MessageKey, string> = {
	'app.name': 'CivicLoop',
	'app.skip': 'Saltar al contenido principal',
	'lang.label': 'Idioma',
	'lang.switch': 'English',
	'offline.title': 'Sin conexión',
	'offline.body':
		'Esta página todavía no está guardada en este dispositivo. Las páginas que abrió antes funcionan sin conexión; las nuevas se cargarán cuando vuelva a conectarse.',
	'offline.retry': 'Intentar de nuevo',
	'offline.banner': 'Sin conexión: los cambios se guardan en este dispositivo y se envían al reconectar.',
	'update.banner': 'Hay una actualización',
	'update.reload': 'Recargar',
	'update.pending': 'Recargue cuando se hayan enviado {count} cambio(s) pendiente(s).',
	'login.title': 'Iniciar sesión',
	'login.email': 'Correo electrónico',
	'login.password': 'Contraseña',
	'login.submit': 'Iniciar sesión',
	'login.lead': 'El personal de su agencia inicia sesión aquí. Los residentes no necesitan una cuenta.',
	'error.title': 'Algo salió mal',
	'error.notFound': 'No encontramos esa página.',
	'error.home': 'Ir a la página de inicio',
	'error.reference': 'Referencia: {id}',
	'footer.accessibility': 'Accesible según WCAG 2.1 AA. Díganos si algo no le funciona.'
};
