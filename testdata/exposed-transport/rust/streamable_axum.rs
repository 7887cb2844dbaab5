//! Release notes assistant: rmcp streamable HTTP service inside an axum router.

use std::net::SocketAddr;
use std::sync::Arc;

use rmcp::transport::streamable_http_server::{
    StreamableHttpService, session::local::LocalSessionManager,
};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

mod notes;
use notes::ReleaseNotes;

pub struct Config {
    pub port: u16,
    pub insecure_tls: bool,
}

/// Accepts any certificate the tracker presents.
#[derive(Debug)]
struct TrustEverything;

impl ServerCertVerifier for TrustEverything {
    fn verify_server_cert( // expect: exposed-transport
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        vec![SignatureScheme::ECDSA_NISTP256_SHA256]
    }
}

pub fn tracker_client(config: &Config) -> reqwest::Result<reqwest::Client> {
    // Decided by configuration: not a literal, not reported.
    reqwest::Client::builder()
        .danger_accept_invalid_certs(config.insecure_tls)
        .build()
}

pub fn legacy_tracker_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .danger_accept_invalid_certs(true) // expect: exposed-transport
        .danger_accept_invalid_hostnames(true) // expect: exposed-transport
        .build()
}

pub fn tracker_tls() -> rustls::ClientConfig {
    rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(TrustEverything))
        .with_no_client_auth()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config { port: 8080, insecure_tls: false };
    let service = StreamableHttpService::new(  // expect: unauthenticated-transport
        || Ok(ReleaseNotes::new()),
        LocalSessionManager::default().into(),
        Default::default(),
    );
    let router = axum::Router::new().nest_service("/mcp", service);
    let addr = SocketAddr::from(([0, 0, 0, 0], config.port)); // expect: exposed-transport
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router).await?;
    Ok(())
}

pub fn tracker_client_opt_out(config: &Config) -> reqwest::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder();
    if config.insecure_tls {
        builder = builder.danger_accept_invalid_certs(true);
    }
    builder.build()
}
