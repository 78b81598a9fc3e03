//! The Analyzer tasks table: the records the Search API reads, callback fields included.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::ContactCenter;

use super::format::{short_task, time_of_day};

#[derive(Properties, PartialEq)]
pub struct TasksTableProps {
    pub center: Rc<ContactCenter>,
}

fn time_or_raw(ms: i64) -> String {
    if ms < 0 {
        ms.to_string()
    } else {
        format!("{ms} ({})", time_of_day(ms))
    }
}

#[function_component(TasksTable)]
pub fn tasks_table(props: &TasksTableProps) -> Html {
    let tasks = props.center.store().tasks();
    let rows = tasks.iter().rev().map(|t| {
        let cb = t.callback_data.as_ref();
        html! {
            <tr>
                <th scope="row" title={t.id.clone()}>{ short_task(&t.id) }</th>
                <td>{ time_of_day(t.created_time) }</td>
                <td>{ t.direction.clone() }</td>
                <td>{ t.status.clone() }</td>
                <td>{ t.origin.clone() }</td>
                <td>{ t.destination.clone() }</td>
                <td>{ cb.map(|c| c.callback_number.clone()).unwrap_or_default() }</td>
                <td class="ex-callback-status">{ cb.map(|c| c.callback_status.clone()).unwrap_or_default() }</td>
                <td>{ cb.map(|c| time_or_raw(c.callback_request_time)).unwrap_or_default() }</td>
                <td class="ex-callback-connect">{ cb.map(|c| time_or_raw(c.callback_connect_time)).unwrap_or_default() }</td>
            </tr>
        }
    });
    html! {
        <section class="ex-card ex-tasks" aria-labelledby="ex-tasks-heading">
            <h3 id="ex-tasks-heading">{ "Analyzer tasks" }</h3>
            <p class="ex-muted">{ "What the Search API reads, newest first. Status values other than “Not Processed” and −1 are assumptions." }</p>
            if tasks.is_empty() {
                <p>{ "No tasks yet: place a call." }</p>
            } else {
                <div class="ex-table-scroll" tabindex="0" role="region" aria-labelledby="ex-tasks-heading">
                    <table class="ex-table" id="ex-tasks-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "Task" }</th>
                                <th scope="col">{ "Created" }</th>
                                <th scope="col">{ "Direction" }</th>
                                <th scope="col">{ "Status" }</th>
                                <th scope="col">{ "Origin" }</th>
                                <th scope="col">{ "Destination" }</th>
                                <th scope="col">{ "callbackNumber" }</th>
                                <th scope="col">{ "callbackStatus" }</th>
                                <th scope="col">{ "callbackRequestTime" }</th>
                                <th scope="col">{ "callbackConnectTime" }</th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        </section>
    }
}
