//! The rendered Search API request as a `curl` command: the region's API host, the token and the
//! organisation id as placeholders (never a real token: the lab does not ask for one here).

use crate::flow::RenderedRequest;

/// A Webex Contact Center API region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Data-center id (`us1`), saved in the lab state.
    pub id: &'static str,
    pub label: &'static str,
    pub host: &'static str,
}

/// The Webex Contact Center API regions (data centers).
pub const REGIONS: &[Region] = &[
    Region {
        id: "us1",
        label: "North America (us1)",
        host: "api.wxcc-us1.cisco.com",
    },
    Region {
        id: "eu1",
        label: "United Kingdom (eu1)",
        host: "api.wxcc-eu1.cisco.com",
    },
    Region {
        id: "eu2",
        label: "Europe (eu2)",
        host: "api.wxcc-eu2.cisco.com",
    },
    Region {
        id: "anz1",
        label: "Australia / New Zealand (anz1)",
        host: "api.wxcc-anz1.cisco.com",
    },
    Region {
        id: "ca1",
        label: "Canada (ca1)",
        host: "api.wxcc-ca1.cisco.com",
    },
    Region {
        id: "jp1",
        label: "Japan (jp1)",
        host: "api.wxcc-jp1.cisco.com",
    },
    Region {
        id: "sg1",
        label: "Singapore (sg1)",
        host: "api.wxcc-sg1.cisco.com",
    },
];

pub const TOKEN_PLACEHOLDER: &str = "YOUR_ACCESS_TOKEN";
pub const ORG_PLACEHOLDER: &str = "YOUR_ORG_ID";

/// The region used when a saved id is unknown (indexed at compile time).
pub const DEFAULT_REGION: &Region = &REGIONS[0];

/// The region with this id, or [`DEFAULT_REGION`].
pub fn region(id: &str) -> &'static Region {
    REGIONS
        .iter()
        .find(|r| r.id == id)
        .unwrap_or(DEFAULT_REGION)
}

/// The Search API URL in a region.
pub fn search_url(region: &Region) -> String {
    format!("https://{}/search?orgId={ORG_PLACEHOLDER}", region.host)
}

/// The endpoint "Run live" posts to: the region's Search API. Its `orgId` goes in as a query
/// parameter of the request builder, which encodes it (a URL that already has a query gets a
/// stray `&` from gloo-net 0.5's builder).
pub fn live_endpoint(region: &Region) -> String {
    format!("https://{}/search", region.host)
}

/// `text` as one POSIX shell word in single quotes.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The `curl` command sending `request` (its GraphQL body) to the region's Search API.
pub fn curl_command(request: &RenderedRequest, region: &Region) -> String {
    let body = request.graphql_body().to_string();
    format!(
        "curl -sS -X POST {url} \\\n  -H {auth} \\\n  -H 'Content-Type: application/json' \\\n  --data-raw {body}",
        url = shell_quote(&search_url(region)),
        auth = shell_quote(&format!("Authorization: Bearer {TOKEN_PLACEHOLDER}")),
        body = shell_quote(&body),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::TimePoint;

    fn request(query: &str) -> RenderedRequest {
        RenderedRequest {
            node: "HTTP".into(),
            method: "POST".into(),
            connector: "WxCC_API".into(),
            path: "/search".into(),
            url: String::new(),
            content_type: "GraphQL".into(),
            body_kind: crate::flow::BodyKind::GraphQl,
            query: query.into(),
            variables: serde_json::json!({"from": 1, "to": 2}),
            variables_text: String::new(),
            body: String::new(),
            form: Vec::new(),
            query_parameters: Vec::new(),
            headers: Vec::new(),
            from: Some(TimePoint::new(1)),
            to: Some(TimePoint::new(2)),
        }
    }

    #[test]
    fn quotes_single_quotes_for_the_shell() {
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn command_names_the_region_host_and_placeholders() {
        let cmd = curl_command(&request("query { it's }"), region("eu2"));
        assert!(cmd.starts_with(
            "curl -sS -X POST 'https://api.wxcc-eu2.cisco.com/search?orgId=YOUR_ORG_ID'"
        ));
        assert!(cmd.contains("Bearer YOUR_ACCESS_TOKEN"));
        assert!(cmd.contains(r#"'{"query":"query { it'\''s }","variables":{"from":1,"to":2}}'"#));
    }

    #[test]
    fn live_endpoint_is_the_regions_search_api() {
        assert_eq!(
            live_endpoint(region("jp1")),
            "https://api.wxcc-jp1.cisco.com/search"
        );
    }

    #[test]
    fn unknown_region_falls_back_to_the_first() {
        assert_eq!(region("mars").id, "us1");
        assert!(REGIONS.iter().all(|r| r.host.ends_with(".cisco.com")));
    }
}
